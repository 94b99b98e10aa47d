namespace Storefront.Core.Etas;

/// <summary>A delivery still expected for a product: its date and the units not yet received.</summary>
public readonly record struct ScheduledDelivery(DateOnly ExpectedDate, int Outstanding);

/// <summary>
/// The one ETA rule. The Nth backordered unit of a product (counting the open queue first) ships
/// after the first scheduled delivery whose cumulative quantity covers N; beyond every scheduled
/// delivery, after the staff's restock date; with neither, it has no ETA and cannot be backordered.
/// Nothing ships before the product's release date. Shoppers' quotes, checkout's promise and every
/// recalculation of the queue ask this type.
/// </summary>
public sealed class EtaSchedule
{
    private readonly ScheduledDelivery[] _deliveries;

    public EtaSchedule(IEnumerable<ScheduledDelivery> deliveries, int queuedUnits, DateOnly? restockDate, DateOnly today, int handlingDays,
        DateOnly? releaseDate = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(queuedUnits);
        ArgumentOutOfRangeException.ThrowIfNegative(handlingDays);
        // Most products have no delivery on its way: no sorting, no allocation for them.
        _deliveries = deliveries is IReadOnlyCollection<ScheduledDelivery> { Count: 0 } ? [] : deliveries.Where(d => d.Outstanding > 0).OrderBy(d => d.ExpectedDate).ToArray();
        QueuedUnits = queuedUnits;
        // A restock date already past is a promise nobody can keep: it gives no ETA.
        RestockDate = restockDate is { } r && r >= today ? r : null;
        Today = today;
        HandlingDays = handlingDays;
        ReleaseDate = releaseDate;
        ScheduledUnits = _deliveries.Sum(d => d.Outstanding);
    }

    /// <summary>Open backordered units already waiting ahead of a new shopper.</summary>
    public int QueuedUnits { get; }

    public int ScheduledUnits { get; }
    public DateOnly? RestockDate { get; }
    public DateOnly Today { get; }
    public int HandlingDays { get; }

    /// <summary>A pre-order's release day: no unit ships before it.</summary>
    public DateOnly? ReleaseDate { get; }

    /// <summary>Units beyond the queue that have an ETA; int.MaxValue when a restock date covers any amount.</summary>
    public int UnitsWithEta => RestockDate is null ? Math.Max(0, ScheduledUnits - QueuedUnits) : int.MaxValue;

    /// <summary>The date the unit at this 1-based queue position is expected to ship, or null if unknown.</summary>
    public DateOnly? EtaForPosition(int position) => ArrivalForPosition(position) is { } arrival ? Ship(arrival) : null;

    /// <summary>
    /// For "expected back" on out-of-stock products: the day stock for a new shopper is expected, the
    /// arrival of the unit right behind the queue. Units every waiting backorder already has claimed
    /// bring nothing back for a new shopper, so a queue covering every delivery leaves the restock
    /// date, or no date at all.
    /// </summary>
    public DateOnly? NextArrival => ArrivalForPosition(QueuedUnits + 1) is { } arrival ? Max(arrival, Today) : null;

    /// <summary>
    /// The run of queue positions around <paramref name="position"/> that share its ETA (one
    /// delivery's units, or everything beyond the deliveries that the restock date covers), or null
    /// when that position has no ETA. Checkout takes a backorder place with an UPDATE conditioned on
    /// landing inside this run, so it knows the promised date without reading the position back.
    /// </summary>
    public (int First, int Last)? PositionsSharingEta(int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(position);
        var cumulative = 0L;
        foreach (var delivery in _deliveries)
        {
            var first = cumulative + 1;
            cumulative += delivery.Outstanding;
            if (cumulative >= position)
            {
                return ((int)first, (int)Math.Min(cumulative, int.MaxValue));
            }
        }
        return RestockDate is null ? null : ((int)Math.Min(cumulative + 1, int.MaxValue), int.MaxValue);
    }

    private DateOnly? ArrivalForPosition(int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(position);
        var cumulative = 0L;
        foreach (var delivery in _deliveries)
        {
            cumulative += delivery.Outstanding;
            if (cumulative >= position)
            {
                return delivery.ExpectedDate;
            }
        }
        // Beyond every scheduled delivery: the restock date, but a later place in the queue never ships
        // before an earlier one, so not before the last scheduled delivery either.
        return RestockDate is { } restock ? (_deliveries.Length > 0 ? Max(restock, _deliveries[^1].ExpectedDate) : restock) : null;
    }

    // An overdue delivery is still coming, but not before today; and nothing ships before release day.
    // Far-future dates saturate at the calendar's end instead of overflowing.
    private DateOnly Ship(DateOnly arrival)
    {
        var from = Max(arrival, Today);
        var shipped = from.DayNumber > DateOnly.MaxValue.DayNumber - HandlingDays ? DateOnly.MaxValue : from.AddDays(HandlingDays);
        return ReleaseDate is { } release ? Max(shipped, release) : shipped;
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
