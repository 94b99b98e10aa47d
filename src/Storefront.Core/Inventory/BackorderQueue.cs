using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;

namespace Storefront.Core.Inventory;

/// <summary>A backorder line that received units from the shelf.</summary>
public readonly record struct FilledBackorder(int BackorderLineId, int OrderId, int OrderLineId, int Quantity);

/// <summary>
/// Where backorders are filled when stock arrives: a product's free units go to its open backorder
/// lines in queue order (<see cref="QueueOrder"/>: pinned lines first, then oldest order first, held lines skipped), splitting the line that is only partly covered; whatever is left is
/// what new shoppers can buy. Only <see cref="InventoryEngine"/> calls it, with the product's stock
/// row locked, as one step of settling the queue.
/// </summary>
internal sealed class BackorderQueue(StorefrontDbContext db, TimeProvider clock, BackorderNotices notices)
{
    private const int Chunk = 1000;

    /// <summary>
    /// Set-based: a handful of statements however many lines are filled. Each paid order served gets
    /// one "ships soon" email in the outbox, in the same transaction.
    /// </summary>
    public async Task<IReadOnlyList<FilledBackorder>> ServeAsync(int productId, CancellationToken ct)
    {
        var stock = await db.Stock.AsNoTracking().Where(s => s.ProductId == productId)
            .Select(s => new { s.OnHand, s.Allocated, s.Backordered }).FirstOrDefaultAsync(ct);
        if (stock is null)
        {
            return [];
        }
        var free = stock.OnHand - stock.Allocated;
        if (free <= 0 || stock.Backordered == 0)
        {
            return [];
        }

        // Each open line holds at least one unit, so no more lines than free units can be served.
        var queue = await db.BackorderLines.AsNoTracking()
            .Where(l => l.ProductId == productId).InFillOrder()
            .Select(l => new { l.Id, l.OrderId, l.OrderLineId, l.Quantity })
            .Take(free)
            .ToListAsync(ct);

        var filled = new List<FilledBackorder>(queue.Count);
        var remaining = free;
        var whole = new List<int>(queue.Count);
        foreach (var line in queue)
        {
            if (remaining == 0)
            {
                break;
            }
            var take = Math.Min(line.Quantity, remaining);
            remaining -= take;
            filled.Add(new FilledBackorder(line.Id, line.OrderId, line.OrderLineId, take));
            if (take == line.Quantity)
            {
                whole.Add(line.Id);
            }
        }
        if (filled.Count == 0)
        {
            return filled;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        // Pins and holds mean the lines served whole are no range of PlacedAt: they go by id, one array parameter per chunk.
        foreach (var ids in whole.Chunk(Chunk))
        {
            var wholeLines = db.BackorderLines.Where(l => EF.Parameter(ids).Contains(l.Id) && l.Status == BackorderStatus.Open);
            // IN (subquery), not a correlated EXISTS: SQLite would run EXISTS once per order line.
            await db.OrderLines
                .Where(ol => wholeLines.Select(l => l.OrderLineId).Contains(ol.Id))
                .ExecuteUpdateAsync(u => u
                    .SetProperty(ol => ol.AllocatedQuantity, ol => ol.AllocatedQuantity + ol.BackorderedQuantity)
                    .SetProperty(ol => ol.BackorderedQuantity, 0), ct);
            await wholeLines.ExecuteUpdateAsync(u => u
                .SetProperty(l => l.FilledQuantity, l => l.FilledQuantity + l.Quantity)
                .SetProperty(l => l.Quantity, 0)
                .SetProperty(l => l.Status, BackorderStatus.Filled)
                .SetProperty(l => l.FilledAt, now), ct);
        }
        if (whole.Count < filled.Count)
        {
            var part = filled[^1];
            await db.OrderLines.Where(ol => ol.Id == part.OrderLineId)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(ol => ol.AllocatedQuantity, ol => ol.AllocatedQuantity + part.Quantity)
                    .SetProperty(ol => ol.BackorderedQuantity, ol => ol.BackorderedQuantity - part.Quantity), ct);
            await db.BackorderLines.Where(l => l.Id == part.BackorderLineId)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(l => l.FilledQuantity, l => l.FilledQuantity + part.Quantity)
                    .SetProperty(l => l.Quantity, l => l.Quantity - part.Quantity), ct);
        }

        var total = filled.Sum(f => f.Quantity);
        await db.Stock.Where(s => s.ProductId == productId)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Allocated, s => s.Allocated + total)
                .SetProperty(s => s.Backordered, s => s.Backordered - total), ct);
        await notices.FilledAsync(filled, ct);
        return filled;
    }
}
