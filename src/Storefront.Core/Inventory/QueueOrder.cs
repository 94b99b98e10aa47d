using Storefront.Core.Orders;

namespace Storefront.Core.Inventory;

/// <summary>
/// The one order rule of a product's backorder queue, which the fill, the ETA recalculation and
/// every list of the queue follow: lines staff pinned to the front first (earliest pin first), then
/// oldest order first; lines staff hold wait aside, skipped by the fill and counted by no one's ETA
/// until released, when they take their place again by the same rule (ADR 0021).
/// </summary>
public static class QueueOrder
{
    /// <summary>The open lines the fill serves, in the order it serves them.</summary>
    public static IOrderedQueryable<BackorderLine> InFillOrder(this IQueryable<BackorderLine> lines) =>
        lines.Where(l => l.Status == BackorderStatus.Open && l.HeldAt == null)
            .OrderBy(l => l.PinnedAt == null).ThenBy(l => l.PinnedAt).ThenBy(l => l.PlacedAt).ThenBy(l => l.Id);

    /// <summary>Every open line, held ones included, in queue order (held ones last), for lists staff read.</summary>
    public static IOrderedQueryable<BackorderLine> InQueueOrder(this IQueryable<BackorderLine> lines) =>
        lines.OrderBy(l => l.HeldAt != null).ThenBy(l => l.PinnedAt == null).ThenBy(l => l.PinnedAt).ThenBy(l => l.PlacedAt).ThenBy(l => l.Id);
}
