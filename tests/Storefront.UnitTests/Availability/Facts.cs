using Storefront.Core.Availability;
using Storefront.Core.Catalog;
using Storefront.Core.Etas;

namespace Storefront.UnitTests.Availability;

/// <summary>Availability facts for rule tests: a product nobody has touched, changed with `with`.</summary>
internal static class Facts
{
    public static readonly DateOnly Today = new(2027, 3, 1);
    public const int HandlingDays = 2;
    public const int MaxPerLine = 99;

    public static AvailabilityFacts Product(int onHand = 0, int allocated = 0, int backordered = 0) => new(
        ProductStatus.Active, BackorderPolicy.NotAllowed, BackorderLimit: null, LowStockThreshold: 5,
        ReleaseDate: null, RestockDate: null, onHand, allocated, backordered, Deliveries: []);

    public static AvailabilityFacts Backorderable(this AvailabilityFacts f) => f with { Policy = BackorderPolicy.Allowed };

    public static AvailabilityFacts UpTo(this AvailabilityFacts f, int limit) => f with { Policy = BackorderPolicy.AllowedUpTo, BackorderLimit = limit };

    public static AvailabilityFacts Delivering(this AvailabilityFacts f, params (int InDays, int Units)[] deliveries) =>
        f with { Deliveries = deliveries.Select(d => new ScheduledDelivery(Today.AddDays(d.InDays), d.Units)).ToList() };

    public static AvailabilityFacts RestockIn(this AvailabilityFacts f, int days) => f with { RestockDate = Today.AddDays(days) };

    public static ProductAvailability Evaluate(this AvailabilityFacts f, int handlingDays = HandlingDays, int maxPerLine = MaxPerLine) =>
        AvailabilityCalculator.Evaluate(f, Today, handlingDays, maxPerLine);

    /// <summary>The date a unit arriving in <paramref name="days"/> ships, with the default handling.</summary>
    public static DateOnly ShipsAfterArrivalIn(int days) => Today.AddDays(days + HandlingDays);
}
