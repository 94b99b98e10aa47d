namespace Storefront.Core.Notifications;

/// <summary>Back-in-stock settings ("Notifications" section).</summary>
public sealed class BackInStockOptions
{
    public const string Section = "Notifications";

    /// <summary>How often each instance looks for subscribed products that came back.</summary>
    public TimeSpan BackInStockSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Products checked per sweep round (availability is evaluated for them in one batch).</summary>
    public int BackInStockSweepBatchSize { get; set; } = 50;

    /// <summary>How long the double opt-in link in the confirmation email works.</summary>
    public TimeSpan BackInStockConfirmLinkLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long an unsubscribe link works (alerts can come months after subscribing).</summary>
    public TimeSpan BackInStockUnsubscribeLinkLifetime { get; set; } = TimeSpan.FromDays(365);
}
