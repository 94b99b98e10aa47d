using Storefront.Core.Common;
using Storefront.Core.Etas;

namespace Storefront.Core.Availability;

public enum AvailabilityState
{
    InStock,
    LowStock,
    Backorder,
    PreOrder,
    OutOfStock,
    Discontinued,
}

/// <summary>How many units of an order line ship now and how many wait, and until when.</summary>
public readonly record struct QuantitySplit(int ShipNow, int Backordered, DateOnly? Eta)
{
    public int Total => ShipNow + Backordered;
}

/// <summary>
/// The one answer about a product's availability that the catalog, product page, cart, checkout,
/// confirmation, emails and the feed all show.
/// </summary>
public sealed class ProductAvailability
{
    internal ProductAvailability(
        AvailabilityState state,
        int available,
        int backorderRoom,
        int maxQuantity,
        DateOnly? eta,
        DateOnly? releaseDate,
        DateOnly? expectedBack,
        EtaSchedule schedule)
    {
        State = state;
        Available = available;
        BackorderRoom = backorderRoom;
        MaxQuantity = maxQuantity;
        Eta = eta;
        ReleaseDate = releaseDate;
        ExpectedBack = expectedBack;
        Schedule = schedule;
    }

    public AvailabilityState State { get; }

    /// <summary>Units a new shopper can have shipped now.</summary>
    public int Available { get; }

    /// <summary>More units that can be backordered with a known ETA (within the cap).</summary>
    public int BackorderRoom { get; }

    /// <summary>The most one order can take now.</summary>
    public int MaxQuantity { get; }

    /// <summary>For Backorder: when the next backordered unit ships. For PreOrder: when it ships.</summary>
    public DateOnly? Eta { get; }

    public DateOnly? ReleaseDate { get; }

    /// <summary>Release day of a product sold as a pre-order now; null for every other state.</summary>
    public DateOnly? PreOrderRelease => State == AvailabilityState.PreOrder ? ReleaseDate : null;

    /// <summary>For OutOfStock: when stock is expected back, if anyone knows.</summary>
    public DateOnly? ExpectedBack { get; }

    /// <summary>
    /// The sentence shown beside the price. Worked out when first asked: lists of thousands of products
    /// (the staff dashboard, catalog pages) show badges, not this.
    /// </summary>
    public string Message => _message ??= AvailabilityText.Message(State, Available, Eta, ReleaseDate, ExpectedBack, CanBuy);

    private string? _message;

    public EtaSchedule Schedule { get; }

    public bool CanBuy => MaxQuantity > 0;

    /// <summary>A short badge text for product cards.</summary>
    public string Badge => AvailabilityText.Badge(State, Available);

    /// <summary>Splits a wanted quantity into units shipped now and units backordered, with the ETA of the last one.</summary>
    public QuantitySplit Split(int quantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(quantity);
        var shipNow = Math.Min(quantity, Available);
        var backordered = quantity - shipNow;
        // Nothing ships before release day, whether it is on the shelf (ReleaseDate) or still coming (the schedule knows).
        var eta = backordered > 0 ? Schedule.EtaForPosition(Schedule.QueuedUnits + backordered) : ReleaseDate;
        return new QuantitySplit(shipNow, backordered, eta);
    }

    /// <summary>
    /// For each quantity a shopper may pick (1 to <see cref="MaxQuantity"/>), what it means: units shipped
    /// now, units backordered and the date the last one ships. Worked out once per answer.
    /// </summary>
    public IReadOnlyList<string> QuantityHints => _quantityHints ??=
        Enumerable.Range(1, Math.Max(0, MaxQuantity)).Select(q => AvailabilityText.QuantityHint(Split(q), q, PreOrderRelease)).ToArray();

    private string[]? _quantityHints;

    public static string DateForPeople(DateOnly date) => DateText.ForPeople(date);
}
