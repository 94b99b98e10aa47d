namespace Storefront.Core.Checkout;

/// <summary>Checkout settings, bound from the "Checkout" configuration section (ADR 0015 for the limits).</summary>
public sealed class CheckoutOptions
{
    public const string Section = "Checkout";

    /// <summary>How often abandoned checkouts are looked for.</summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Declined cards an order may have before its hold is released; until then the shopper can try
    /// another card on the same order, keeping its stock, backorder places and promised dates.
    /// </summary>
    public int MaxDeclines { get; set; } = 3;

    /// <summary>
    /// How long a new order holds its stock, and how far each use of the payment page extends the
    /// hold, never beyond <c>Store:CheckoutHold</c> after the order was placed. An abandoned payment
    /// page frees the stock after this, not after the whole checkout hold.
    /// </summary>
    public TimeSpan PaymentPageHold { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Unpaid orders one browser (or account) may have waiting for payment at once.</summary>
    public int MaxUnpaidOrdersPerClient { get; set; } = 2;

    /// <summary>Unpaid orders one network address may have at once (higher: offices and mobile networks share one).</summary>
    public int MaxUnpaidOrdersPerAddress { get; set; } = 10;

    /// <summary>Units of one product (on the shelf and on backorder) that one client's unpaid orders may hold together.</summary>
    public int MaxHeldUnitsPerProduct { get; set; } = 10;
}
