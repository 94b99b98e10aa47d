using Storefront.Core.Catalog;
using Storefront.Core.Common;
using Storefront.Core.Etas;

namespace Storefront.Core.Availability;

/// <summary>Everything the availability rules look at for one product.</summary>
public sealed record AvailabilityFacts(
    ProductStatus Status,
    BackorderPolicy Policy,
    int? BackorderLimit,
    int LowStockThreshold,
    DateOnly? ReleaseDate,
    DateOnly? RestockDate,
    int OnHand,
    int Allocated,
    int Backordered,
    IReadOnlyList<ScheduledDelivery> Deliveries);

/// <summary>The availability rules of the store, as pure logic (see docs/DESIGN in the shared brief).</summary>
public static class AvailabilityCalculator
{
    public static ProductAvailability Evaluate(AvailabilityFacts f, DateOnly today, int handlingDays, int maxQuantityPerLine)
    {
        // While older backorders wait, new shoppers get nothing from the shelf (first in, first out).
        var available = f.Backordered > 0 ? 0 : Math.Max(0, f.OnHand - f.Allocated);
        var schedule = new EtaSchedule(f.Deliveries, f.Backordered, f.RestockDate, today, handlingDays, f.ReleaseDate);
        var room = BackorderRoom(f, schedule);
        var max = (int)Math.Min(maxQuantityPerLine, (long)available + room);

        if (f.Status == ProductStatus.Discontinued && available == 0)
        {
            return new(AvailabilityState.Discontinued, 0, 0, 0, null, null, null, schedule);
        }

        if (f.ReleaseDate is { } release && release > today)
        {
            return new(AvailabilityState.PreOrder, available, room, max, release, release, null, schedule);
        }

        if (available > f.LowStockThreshold)
        {
            return new(AvailabilityState.InStock, available, room, max, null, null, null, schedule);
        }

        if (available > 0)
        {
            return new(AvailabilityState.LowStock, available, room, max, null, null, null, schedule);
        }

        if (room > 0 && schedule.EtaForPosition(f.Backordered + 1) is { } eta)
        {
            return new(AvailabilityState.Backorder, 0, room, max, eta, null, null, schedule);
        }

        var back = schedule.NextArrival;
        return new(AvailabilityState.OutOfStock, 0, 0, 0, null, null, back, schedule);
    }

    /// <summary>The answer for a product whose facts cannot be evaluated: out of stock, nothing to buy, no date.</summary>
    public static ProductAvailability Unavailable(DateOnly today, int handlingDays) =>
        new(AvailabilityState.OutOfStock, 0, 0, 0, null, null, null, new EtaSchedule([], 0, null, today, Math.Max(0, handlingDays)));

    private static int BackorderRoom(AvailabilityFacts f, EtaSchedule schedule)
    {
        if (f.Status == ProductStatus.Discontinued)
        {
            return 0;
        }
        var capRoom = BackorderCap.For(f.Policy, f.BackorderLimit, schedule.ScheduledUnits) is { } cap ? Math.Max(0, cap - f.Backordered) : int.MaxValue;
        return Math.Min(capRoom, schedule.UnitsWithEta);
    }
}
