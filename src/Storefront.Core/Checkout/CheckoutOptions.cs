namespace Storefront.Core.Checkout;

public sealed class CheckoutOptions
{
    public const string Section = "Checkout";

    /// <summary>How often abandoned checkouts are looked for.</summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromSeconds(30);
}
