namespace Storefront.Core.Incentives;

public enum DiscountKind
{
    /// <summary>A fixed amount off, in the store currency's minor units.</summary>
    Amount = 0,
    /// <summary>A percentage off the items (not shipping).</summary>
    Percent = 1,
}

/// <summary>
/// The merchant's incentives, one row (Id = 1) edited at /Admin/Incentives. Everything is off until
/// staff turn it on, so a new shop gives nothing away by accident.
/// </summary>
public class IncentiveSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    /// <summary>
    /// Orders with backordered units: a split order's second shipment is free; an order shipped
    /// together (or entirely backordered) ships free.
    /// </summary>
    public bool FreeShippingOnBackorders { get; set; }

    /// <summary>A code for the next purchase, issued when a backorder is paid for.</summary>
    public bool NextPurchaseEnabled { get; set; }
    public DiscountKind NextPurchaseKind { get; set; } = DiscountKind.Percent;
    /// <summary>Minor units for <see cref="DiscountKind.Amount"/>, whole percent for <see cref="DiscountKind.Percent"/>.</summary>
    public long NextPurchaseValue { get; set; } = 10;
    public int NextPurchaseValidDays { get; set; } = 90;

    /// <summary>A code sent with an apology when a backorder's ETA slips past its promised date by more than <see cref="ApologyAfterDays"/>.</summary>
    public bool ApologyEnabled { get; set; }
    public DiscountKind ApologyKind { get; set; } = DiscountKind.Amount;
    public long ApologyValue { get; set; } = 500;
    public int ApologyAfterDays { get; set; } = 7;
    public int ApologyValidDays { get; set; } = 90;

    public DateTime? UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}
