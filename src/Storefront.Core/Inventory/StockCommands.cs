using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;

namespace Storefront.Core.Inventory;

/// <summary>A backorder line that received units from the shelf.</summary>
public readonly record struct FilledBackorder(int BackorderLineId, int OrderId, int OrderLineId, int Quantity);

/// <summary>
/// Every change to a product's stock row. Each is a single conditional UPDATE, run inside the
/// caller's transaction; the first UPDATE of a transaction also takes the row's write lock, so what
/// the transaction reads of that row afterwards cannot change under it.
/// </summary>
public sealed class StockCommands(StorefrontDbContext db, TimeProvider clock, BackorderNotices notices)
{
    /// <summary>
    /// Allocates up to <paramref name="wanted"/> units to a new order and returns how many it got.
    /// A new shopper gets nothing while the product has open backorders (first in, first out).
    /// </summary>
    public async Task<int> AllocateAsync(int productId, int wanted, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(wanted);
        // The guard in the WHERE clause is what prevents overselling; the read only sizes the attempt.
        // A race lost to another checkout fails the guard and is retried with fresh numbers.
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var row = await db.Stock.AsNoTracking().Where(s => s.ProductId == productId)
                .Select(s => new { s.OnHand, s.Allocated, s.Backordered }).FirstOrDefaultAsync(ct);
            if (row is null || row.Backordered > 0)
            {
                return 0;
            }
            var take = Math.Min(wanted, row.OnHand - row.Allocated);
            if (take <= 0)
            {
                return 0;
            }
            var updated = await db.Stock
                .Where(s => s.ProductId == productId && s.OnHand - s.Allocated >= take && s.Backordered == 0)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Allocated, s => s.Allocated + take), ct);
            if (updated == 1)
            {
                return take;
            }
        }
        throw new DbUpdateConcurrencyException($"Could not allocate stock of product {productId} after repeated contention.");
    }

    /// <summary>
    /// Adds units to the product's open backorders if the cap allows, atomically, and returns the
    /// open backordered units after the change (the queue position of the last unit), or null if refused.
    /// </summary>
    public async Task<int?> ReserveBackorderAsync(int productId, int quantity, int? cap, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        var updated = await db.Stock
            .Where(s => s.ProductId == productId && (cap == null || s.Backordered + quantity <= cap))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Backordered, s => s.Backordered + quantity), ct);
        if (updated == 0)
        {
            return null;
        }
        return await db.Stock.Where(s => s.ProductId == productId).Select(s => s.Backordered).SingleAsync(ct);
    }

    /// <summary>Returns allocated units and open backordered units of an order line that will not be paid for.</summary>
    public async Task ReleaseAsync(int productId, int allocated, int backordered, CancellationToken ct = default)
    {
        if (allocated == 0 && backordered == 0)
        {
            return;
        }
        var updated = await db.Stock
            .Where(s => s.ProductId == productId && s.Allocated >= allocated && s.Backordered >= backordered)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Allocated, s => s.Allocated - allocated)
                .SetProperty(s => s.Backordered, s => s.Backordered - backordered), ct);
        if (updated != 1)
        {
            throw new InvalidOperationException($"Stock of product {productId} does not hold {allocated} allocated and {backordered} backordered units to release.");
        }
    }

    /// <summary>
    /// Takes the product's stock row lock for the rest of the transaction (a no-op UPDATE works the
    /// same on every provider), so what is read next about the product cannot change under us.
    /// Lock several products in ascending id order.
    /// </summary>
    public Task LockAsync(int productId, CancellationToken ct = default) =>
        db.Stock.Where(s => s.ProductId == productId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Allocated, s => s.Allocated), ct);

    /// <summary>
    /// Hands the product's free units to its open backorder lines, oldest order first, splitting the
    /// line that is only partly covered. Whatever is left is what new shoppers can buy. Set-based:
    /// a handful of statements however many lines are filled. Call it after any change that frees
    /// units, in the same transaction: each paid order served gets one "ships soon" email in the
    /// outbox, written here so that every path that frees units notifies.
    /// </summary>
    public async Task<IReadOnlyList<FilledBackorder>> ServeBackordersAsync(int productId, CancellationToken ct = default)
    {
        await LockAsync(productId, ct);
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
            .Where(l => l.ProductId == productId && l.Status == BackorderStatus.Open)
            .OrderBy(l => l.PlacedAt).ThenBy(l => l.Id)
            .Select(l => new { l.Id, l.OrderId, l.OrderLineId, l.Quantity, l.PlacedAt })
            .Take(free)
            .ToListAsync(ct);

        var filled = new List<FilledBackorder>(queue.Count);
        var remaining = free;
        var lastWhole = -1;
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
                lastWhole = filled.Count - 1;
            }
        }
        if (filled.Count == 0)
        {
            return filled;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (lastWhole >= 0)
        {
            // Lines served whole form a prefix of the queue: one statement per table covers them all.
            var cutoff = queue[lastWhole];
            var wholeLines = db.BackorderLines.Where(l => l.ProductId == productId && l.Status == BackorderStatus.Open
                && (l.PlacedAt < cutoff.PlacedAt || (l.PlacedAt == cutoff.PlacedAt && l.Id <= cutoff.Id)));
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
        if (lastWhole < filled.Count - 1)
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

    /// <summary>Changes on hand by a delta (receipt, adjustment, shipment) and writes the ledger row.</summary>
    public async Task ChangeOnHandAsync(int productId, int delta, StockChangeKind kind, string reason, string actor,
        int? deliveryId = null, int? orderId = null, CancellationToken ct = default)
    {
        // Taking units away may never push on hand below what is already promised to orders.
        var updated = await db.Stock
            .Where(s => s.ProductId == productId && s.OnHand + delta >= 0 && s.OnHand + delta >= s.Allocated)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.OnHand, s => s.OnHand + delta), ct);
        if (updated != 1)
        {
            throw new InsufficientStockException(productId, delta);
        }
        db.StockLedger.Add(new StockLedgerEntry
        {
            ProductId = productId,
            Kind = kind,
            Quantity = delta,
            Reason = reason,
            Actor = actor,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            DeliveryId = deliveryId,
            OrderId = orderId,
        });
        await db.SaveChangesAsync(ct);
    }
}

public sealed class InsufficientStockException(int productId, int delta)
    : InvalidOperationException($"Product {productId} cannot change on hand by {delta}: it would fall below zero or below what is allocated to orders.")
{
    public int ProductId { get; } = productId;
    public int Delta { get; } = delta;
}
