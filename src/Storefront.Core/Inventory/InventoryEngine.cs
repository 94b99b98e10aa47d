using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Storefront.Core.Catalog;
using Storefront.Core.Common;
using Storefront.Core.Data;
using Storefront.Core.Etas;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;

namespace Storefront.Core.Inventory;

/// <summary>Why stock moved: the ledger's reason and who did it, and what the change belongs to.</summary>
public sealed record StockReason(string Text, string Actor, int? DeliveryId = null, int? OrderId = null);

/// <summary>What settling one product's queue did: the backorders it filled and the ETAs it moved.</summary>
public sealed record QueueSettlement(int ProductId, IReadOnlyList<FilledBackorder> Filled, EtaPreview Etas);

/// <summary>How staff move a backorder line in its queue.</summary>
public enum QueueMove
{
    Pin,
    Unpin,
    Hold,
    Release,
}

/// <summary>What asking to cancel the open units of a backorder line came to.</summary>
public sealed record BackorderCancelClaim(CancellationOutcome Outcome, int Units, int ProductId, int OrderLineId);

/// <summary>
/// The one home of the stock rules: allocate, reserve a backorder, receive, adjust, release, cancel
/// and ship. Every method runs inside the caller's transaction and changes the stock row with a
/// single conditional UPDATE (never read-then-write). Every way units come free or a product's
/// queue moves ends in <see cref="SettleAsync"/>, which serves the queue oldest first, recomputes the
/// position-aware ETA of every open line behind, records each move in the line's history, writes
/// the customers' emails to the outbox and marks the product's availability as changed, so no
/// caller can forget a step. Lock several products in ascending id order (no deadlocks).
/// </summary>
public sealed class InventoryEngine
{
    public const int MaxReasonLength = 500;
    public const int MaxActorLength = 256;

    private readonly StorefrontDbContext _db;
    private readonly TimeProvider _clock;
    private readonly EtaRecalculation _etas;
    private readonly BackorderQueue _queue;
    private readonly StoreOptions _store;

    public InventoryEngine(StorefrontDbContext db, TimeProvider clock, EtaRecalculation etas, BackorderNotices notices, IOptions<StoreOptions> store)
    {
        _db = db;
        _clock = clock;
        _etas = etas;
        _queue = new BackorderQueue(db, clock, notices);
        _store = store.Value;
    }

    /// <summary>
    /// Takes the product's stock row lock for the rest of the transaction (a no-op UPDATE works the
    /// same on every provider), so what is read next about the product cannot change under us.
    /// </summary>
    public Task LockAsync(int productId, CancellationToken ct = default) =>
        _db.Stock.Where(s => s.ProductId == productId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Allocated, s => s.Allocated), ct);

    /// <summary>Locks several products' stock rows, in ascending id order like every other stock change.</summary>
    public async Task LockAsync(IEnumerable<int> productIds, CancellationToken ct = default)
    {
        foreach (var id in productIds.Distinct().Order())
        {
            await LockAsync(id, ct);
        }
    }

    /// <summary>
    /// Holds stock for one line of a new order: allocates <c>min(wanted, available)</c> and, if the
    /// line may be backordered, puts the shortfall at the back of the queue within the product's cap
    /// and with an ETA for its last unit (the promised ETA of the returned backorder line). A new
    /// shopper gets nothing on the shelf while the product has open backorders (first in, first out).
    /// Nothing changes when the line cannot be held in full (the caller refuses and rolls back).
    /// </summary>
    /// <remarks>
    /// One conditional UPDATE does it, sized from <paramref name="seen"/> (the stock the caller read
    /// with the product) and conditioned on the stock still being in a state where that split is
    /// the right one: so it never oversells, never passes the cap, and takes the stock row lock for
    /// only that statement and the inserts after it (ADR 0018). If the stock moved, it is sized once
    /// more from a fresh read, then, at most once, under the row lock. A refusal is decided from a
    /// committed read and writes nothing.
    /// </remarks>
    /// <param name="seen">The stock as the caller read it, or null to read it here.</param>
    /// <param name="mayBackorder">The shopper accepted the backorder date (policy and cap are checked here).</param>
    /// <param name="deliveries">The product's scheduled deliveries, read by the caller.</param>
    public async Task<StockHold> HoldAsync(Product product, int wanted, StockLevels? seen, bool mayBackorder,
        IReadOnlyList<ScheduledDelivery> deliveries, DateTime placedAt, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(wanted);
        var (backorderable, schedule, cap) = Terms(product, mayBackorder, deliveries);
        var levels = seen ?? await ReadLevelsAsync(product.Id, ct);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var locked = attempt == 2;
            if (locked)
            {
                // The stock moved under both attempts: take the row lock first, so this read is the truth.
                await LockAsync(product.Id, ct);
            }
            if (attempt > 0)
            {
                levels = await ReadLevelsAsync(product.Id, ct);
            }
            if (levels is null)
            {
                // No stock row: nothing on the shelf and no queue to join.
                return new StockHold(0, wanted, null);
            }
            var plan = StockSplit.Plan(levels, wanted, backorderable, cap, schedule);
            if (!plan.CanHold)
            {
                return new StockHold(plan.Take, plan.Shortfall, null);
            }
            if (await TryHoldAsync(product.Id, plan, ct))
            {
                _db.ChangedProducts.Add(product.Id);
                var backorder = plan.Shortfall > 0 ? BackorderLine.Open(product.Id, placedAt, plan.Shortfall, plan.Eta!.Value) : null;
                return new StockHold(plan.Take, plan.Shortfall, backorder);
            }
            if (locked)
            {
                throw new InvalidOperationException($"Stock of product {product.Id} changed while its row was locked.");
            }
        }
        throw new InvalidOperationException("Unreachable: the locked attempt either holds or throws.");
    }

    /// <summary>
    /// What <see cref="HoldAsync"/> answers at once when its first plan, made from <paramref name="seen"/>,
    /// cannot hold the line (not backorderable, the cap reached, no date): that refusal, or null when
    /// the plan can hold it. Reads and writes nothing, so a caller holding that same read can refuse
    /// before it opens a transaction or writes an order, with the answer the hold would give.
    /// </summary>
    public StockHold? RefusalFrom(Product product, int wanted, StockLevels seen, bool mayBackorder, IReadOnlyList<ScheduledDelivery> deliveries)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(wanted);
        var (backorderable, schedule, cap) = Terms(product, mayBackorder, deliveries);
        var plan = StockSplit.Plan(seen, wanted, backorderable, cap, schedule);
        return plan.CanHold ? null : new StockHold(plan.Take, plan.Shortfall, null);
    }

    /// <summary>What a hold of the product is planned under: whether it may be backordered, its ETA schedule and its cap.</summary>
    private (bool Backorderable, EtaSchedule Schedule, int? Cap) Terms(Product product, bool mayBackorder, IReadOnlyList<ScheduledDelivery> deliveries)
    {
        var backorderable = mayBackorder && product.Status != ProductStatus.Discontinued && product.BackorderPolicy != BackorderPolicy.NotAllowed;
        var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        var schedule = new EtaSchedule(deliveries, 0, product.RestockDate, today, _store.HandlingDays, product.ReleaseDate);
        return (backorderable, schedule, BackorderCap.For(product.BackorderPolicy, product.BackorderLimit, schedule.ScheduledUnits));
    }

    private Task<StockLevels?> ReadLevelsAsync(int productId, CancellationToken ct) =>
        _db.Stock.AsNoTracking().Where(s => s.ProductId == productId)
            .Select(s => new StockLevels(s.OnHand, s.Allocated, s.Backordered)).FirstOrDefaultAsync(ct);

    /// <summary>
    /// The plan's one UPDATE. Its condition is what makes the plan right at the moment it runs: for
    /// units from the shelf, no open backorders and enough available; for a shortfall, nothing left
    /// on the shelf after this line, the cap not passed, and the line's last unit landing in the run
    /// of queue positions whose ETA the plan promises.
    /// </summary>
    private async Task<bool> TryHoldAsync(int productId, StockSplit plan, CancellationToken ct)
    {
        var (take, shortfall, cap, first, last) = (plan.Take, plan.Shortfall, plan.Cap, plan.PositionsFirst, plan.PositionsLast);
        var stock = _db.Stock.Where(s => s.ProductId == productId);
        stock = shortfall == 0
            ? stock.Where(s => s.Backordered == 0 && s.OnHand - s.Allocated >= take)
            : take > 0
                ? stock.Where(s => s.Backordered == 0 && s.OnHand - s.Allocated == take)
                : stock.Where(s => (s.Backordered > 0 || s.OnHand - s.Allocated <= 0)
                    && s.Backordered + shortfall >= first && s.Backordered + shortfall <= last
                    && (cap == null || s.Backordered + shortfall <= cap));
        var updated = await stock.ExecuteUpdateAsync(u => u
            .SetProperty(s => s.Allocated, s => s.Allocated + take)
            .SetProperty(s => s.Backordered, s => s.Backordered + shortfall), ct);
        return updated == 1;
    }

    /// <summary>Units arrived (a delivery or an unscheduled receipt): on hand grows, then the queue is settled.</summary>
    public async Task<QueueSettlement> ReceiveAsync(int productId, int quantity, StockReason why, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        await LockAsync(productId, ct);
        await ChangeOnHandAsync(productId, quantity, StockChangeKind.Receipt, why, ct);
        return await SettleAsync(productId, EtaChangeKind.StockReceived, why.Text, why.Actor, ct);
    }

    /// <summary>
    /// A correction by staff (recount, damage, a found box); then the queue is settled, so an increase
    /// serves waiting customers before new shoppers.
    /// </summary>
    /// <exception cref="InsufficientStockException">A decrease would take on hand below zero or below what is allocated.</exception>
    public async Task<QueueSettlement> AdjustAsync(int productId, int delta, StockReason why, CancellationToken ct = default)
    {
        await LockAsync(productId, ct);
        await ChangeOnHandAsync(productId, delta, StockChangeKind.Adjustment, why, ct);
        return await SettleAsync(productId, EtaChangeKind.StockAdjusted, "Stock adjusted: " + why.Text, why.Actor, ct);
    }

    /// <summary>
    /// Releases every allocation and open backorder of an order that will not be paid for (declined
    /// or expired), then settles each product's queue: the freed units go to the oldest waiting
    /// customers and everyone who was behind the released places moves up.
    /// </summary>
    public async Task<IReadOnlyList<QueueSettlement>> ReleaseOrderAsync(int orderId, string reason, string actor, CancellationToken ct = default)
    {
        var productIds = await _db.OrderLines.Where(l => l.OrderId == orderId)
            .Select(l => l.ProductId).Distinct().OrderBy(id => id).ToListAsync(ct);
        await LockAsync(productIds, ct);
        var lines = await _db.OrderLines.Include(l => l.Backorders)
            .Where(l => l.OrderId == orderId).OrderBy(l => l.ProductId).ToListAsync(ct);
        foreach (var line in lines)
        {
            await ReleaseStockAsync(line.ProductId, line.AllocatedQuantity, line.BackorderedQuantity, ct);
            foreach (var backorder in line.Backorders.Where(b => b.Status == BackorderStatus.Open))
            {
                backorder.CancelledQuantity += backorder.Quantity;
                backorder.Quantity = 0;
                backorder.Status = BackorderStatus.Cancelled;
            }
            line.CancelledQuantity += line.AllocatedQuantity + line.BackorderedQuantity;
            line.AllocatedQuantity = 0;
            line.BackorderedQuantity = 0;
        }
        await _db.SaveChangesAsync(ct);
        _db.ChangeTracker.Clear();
        var settled = new List<QueueSettlement>(productIds.Count);
        foreach (var productId in productIds)
        {
            settled.Add(await SettleAsync(productId, EtaChangeKind.OrderAheadReleased, reason, actor, ct));
        }
        return settled;
    }

    /// <summary>
    /// Cancels the open units of a backorder line, once: the conditional UPDATE that claims the line
    /// picks a single winner among concurrent requests. The units leave the queue and the order line,
    /// and the queue is settled so that everyone behind moves up.
    /// </summary>
    /// <param name="expectedUnits">The open units the requester confirmed; null to cancel whatever is open.</param>
    public async Task<BackorderCancelClaim> CancelBackorderAsync(int backorderLineId, int? expectedUnits, string reason, string actor, CancellationToken ct = default)
    {
        var target = await _db.BackorderLines.AsNoTracking().Where(b => b.Id == backorderLineId)
            .Select(b => new { b.ProductId, b.OrderLineId }).FirstOrDefaultAsync(ct)
            ?? throw new InvalidOperationException($"Backorder line {backorderLineId} does not exist.");
        // The stock row lock orders us with receipts serving this queue and with a concurrent cancel.
        await LockAsync(target.ProductId, ct);
        var open = await _db.BackorderLines.AsNoTracking().Where(b => b.Id == backorderLineId)
            .Select(b => new { b.Status, b.Quantity }).SingleAsync(ct);
        if (open.Status != BackorderStatus.Open || open.Quantity <= 0)
        {
            var settled = open.Status == BackorderStatus.Cancelled ? CancellationOutcome.AlreadyCancelled : CancellationOutcome.NotCancellable;
            return new(settled, 0, target.ProductId, target.OrderLineId);
        }
        if (expectedUnits is { } expected && expected != open.Quantity)
        {
            return new(CancellationOutcome.QuantityChanged, open.Quantity, target.ProductId, target.OrderLineId);
        }
        var n = open.Quantity;
        var claimed = await _db.BackorderLines
            .Where(b => b.Id == backorderLineId && b.Status == BackorderStatus.Open && b.Quantity == n)
            .ExecuteUpdateAsync(u => u
                .SetProperty(b => b.Quantity, 0)
                .SetProperty(b => b.CancelledQuantity, b => b.CancelledQuantity + n)
                .SetProperty(b => b.Status, BackorderStatus.Cancelled), ct);
        if (claimed == 0)
        {
            return new(CancellationOutcome.AlreadyCancelled, 0, target.ProductId, target.OrderLineId);
        }
        await ReleaseStockAsync(target.ProductId, 0, n, ct);
        var moved = await _db.OrderLines.Where(l => l.Id == target.OrderLineId && l.BackorderedQuantity >= n)
            .ExecuteUpdateAsync(u => u
                .SetProperty(l => l.BackorderedQuantity, l => l.BackorderedQuantity - n)
                .SetProperty(l => l.CancelledQuantity, l => l.CancelledQuantity + n), ct);
        if (moved != 1)
        {
            throw new InvalidOperationException($"Order line {target.OrderLineId} does not hold {n} backordered units to cancel.");
        }
        await SettleAsync(target.ProductId, EtaChangeKind.BackorderAheadCancelled, reason, actor, ct);
        return new(CancellationOutcome.Cancelled, n, target.ProductId, target.OrderLineId);
    }

    /// <summary>
    /// Ships allocated units of an order line: they leave the order line's allocation, the shelf and
    /// the stock row's allocation together, with a ledger row. False (nothing changed) if the line no
    /// longer holds that many allocated units. Ships nothing from the queue, so nothing to settle.
    /// </summary>
    public async Task<bool> ShipAsync(int orderLineId, int productId, int quantity, StockReason why, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        var moved = await _db.OrderLines
            .Where(l => l.Id == orderLineId && l.AllocatedQuantity >= quantity)
            .ExecuteUpdateAsync(u => u
                .SetProperty(l => l.AllocatedQuantity, l => l.AllocatedQuantity - quantity)
                .SetProperty(l => l.ShippedQuantity, l => l.ShippedQuantity + quantity), ct);
        if (moved != 1)
        {
            return false;
        }
        var updated = await _db.Stock
            .Where(s => s.ProductId == productId && s.Allocated >= quantity && s.OnHand >= quantity)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.OnHand, s => s.OnHand - quantity)
                .SetProperty(s => s.Allocated, s => s.Allocated - quantity), ct);
        if (updated != 1)
        {
            throw new InsufficientStockException(productId, -quantity);
        }
        AddLedgerRow(productId, -quantity, StockChangeKind.Shipment, why);
        await _db.SaveChangesAsync(ct);
        _db.ChangedProducts.Add(productId);
        return true;
    }

    /// <summary>
    /// A filled backorder line's units wait on the shelf as allocated units of its order line; once
    /// the order line has nothing allocated left, they have shipped too.
    /// </summary>
    public Task RecordShippedBackordersAsync(int orderId, CancellationToken ct = default)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        return _db.BackorderLines
            .Where(b => b.OrderId == orderId && b.Status == BackorderStatus.Filled && b.ShippedAt == null
                && b.OrderLine!.AllocatedQuantity == 0)
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.ShippedAt, now), ct);
    }

    /// <summary>
    /// Staff move a backorder line in its queue: pin it to the front, unpin it, hold it aside or
    /// release it (<see cref="QueueOrder"/>). A conditional UPDATE makes each change once; the event
    /// is recorded with the staff member and reason, and the queue is settled, so the units go where
    /// the new order says and every line that moved gets its new ETA and email. Null when the line
    /// is not open or already in that state (nothing changed).
    /// </summary>
    public async Task<QueueSettlement?> MoveInQueueAsync(int backorderLineId, QueueMove move, string reason, string actor, CancellationToken ct = default)
    {
        var productId = await _db.BackorderLines.AsNoTracking().Where(b => b.Id == backorderLineId)
            .Select(b => (int?)b.ProductId).FirstOrDefaultAsync(ct);
        if (productId is not { } id)
        {
            return null;
        }
        await LockAsync(id, ct);
        var now = _clock.GetUtcNow().UtcDateTime;
        var line = _db.BackorderLines.Where(b => b.Id == backorderLineId && b.Status == BackorderStatus.Open);
        var changed = move switch
        {
            QueueMove.Pin => await line.Where(b => b.PinnedAt == null).ExecuteUpdateAsync(u => u.SetProperty(b => b.PinnedAt, now), ct),
            QueueMove.Unpin => await line.Where(b => b.PinnedAt != null).ExecuteUpdateAsync(u => u.SetProperty(b => b.PinnedAt, (DateTime?)null), ct),
            QueueMove.Hold => await line.Where(b => b.HeldAt == null).ExecuteUpdateAsync(u => u.SetProperty(b => b.HeldAt, now), ct),
            _ => await line.Where(b => b.HeldAt != null).ExecuteUpdateAsync(u => u.SetProperty(b => b.HeldAt, (DateTime?)null), ct),
        };
        if (changed == 0)
        {
            return null;
        }
        var (kind, eventKind) = move switch
        {
            QueueMove.Pin => (EtaChangeKind.BackorderPinned, BackorderEventKind.Pinned),
            QueueMove.Unpin => (EtaChangeKind.BackorderUnpinned, BackorderEventKind.Unpinned),
            QueueMove.Hold => (EtaChangeKind.BackorderHeld, BackorderEventKind.Held),
            _ => (EtaChangeKind.BackorderReleased, BackorderEventKind.Released),
        };
        _db.Add(new BackorderEvent
        {
            BackorderLineId = backorderLineId,
            At = now,
            Kind = eventKind,
            Via = BackorderEventVia.Staff,
            Actor = Truncate(actor, BackorderEvent.MaxActorLength),
            Detail = Truncate(reason, BackorderEvent.MaxDetailLength),
        });
        await _db.SaveChangesAsync(ct);
        _db.ChangeTracker.Clear();
        return await SettleAsync(id, kind, $"{eventKind} backorder line {backorderLineId}: {reason}", actor, ct);
    }

    /// <summary>
    /// The product's deliveries or restock date changed (written by the caller in this transaction):
    /// the queue is settled against the new schedule.
    /// </summary>
    /// <param name="kind">What changed, for the words customers read about their moved ETAs.</param>
    /// <param name="reason">The staff detail (delivery, supplier reference, note), kept for Admin only.</param>
    public async Task<QueueSettlement> ScheduleChangedAsync(int productId, EtaChangeKind kind, string reason, string actor, CancellationToken ct = default)
    {
        await LockAsync(productId, ct);
        return await SettleAsync(productId, kind, reason, actor, ct);
    }

    /// <summary>
    /// The one operation behind every change that frees units or moves a queue: serve the queue
    /// oldest first, recompute the ETAs of every open line behind (each move recorded, each paid
    /// customer told), and mark the product's availability as changed.
    /// </summary>
    private async Task<QueueSettlement> SettleAsync(int productId, EtaChangeKind kind, string reason, string actor, CancellationToken ct)
    {
        var filled = await _queue.ServeAsync(productId, ct);
        var etas = await _etas.ApplyAsync(productId, kind, Truncate(reason, MaxReasonLength), Truncate(actor, MaxActorLength), ct);
        _db.ChangedProducts.Add(productId);
        return new QueueSettlement(productId, filled, etas);
    }

    /// <summary>Returns allocated units and open backordered units of an order line that will not be served.</summary>
    private async Task ReleaseStockAsync(int productId, int allocated, int backordered, CancellationToken ct)
    {
        if (allocated == 0 && backordered == 0)
        {
            return;
        }
        var updated = await _db.Stock
            .Where(s => s.ProductId == productId && s.Allocated >= allocated && s.Backordered >= backordered)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Allocated, s => s.Allocated - allocated)
                .SetProperty(s => s.Backordered, s => s.Backordered - backordered), ct);
        if (updated != 1)
        {
            throw new InvalidOperationException($"Stock of product {productId} does not hold {allocated} allocated and {backordered} backordered units to release.");
        }
    }

    /// <summary>Changes on hand by a delta and writes the ledger row.</summary>
    private async Task ChangeOnHandAsync(int productId, int delta, StockChangeKind kind, StockReason why, CancellationToken ct)
    {
        // Taking units away may never push on hand below what is already promised to orders.
        var updated = await _db.Stock
            .Where(s => s.ProductId == productId && s.OnHand + delta >= 0 && s.OnHand + delta >= s.Allocated)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.OnHand, s => s.OnHand + delta), ct);
        if (updated != 1)
        {
            throw new InsufficientStockException(productId, delta);
        }
        AddLedgerRow(productId, delta, kind, why);
        await _db.SaveChangesAsync(ct);
    }

    private void AddLedgerRow(int productId, int delta, StockChangeKind kind, StockReason why) =>
        _db.StockLedger.Add(new StockLedgerEntry
        {
            ProductId = productId,
            Kind = kind,
            Quantity = delta,
            Reason = Truncate(why.Text, MaxReasonLength),
            Actor = Truncate(why.Actor, MaxActorLength),
            CreatedAt = _clock.GetUtcNow().UtcDateTime,
            DeliveryId = why.DeliveryId,
            OrderId = why.OrderId,
        });

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}

/// <summary>
/// What <see cref="InventoryEngine.HoldAsync"/> held for one order line: units allocated from the
/// shelf and the backorder line for the shortfall. A shortfall without a backorder line means the
/// line could not be held (not backorderable, cap reached, no ETA); nothing was changed.
/// </summary>
public sealed record StockHold(int Allocated, int Shortfall, BackorderLine? Backorder)
{
    public bool Held => Shortfall == 0 || Backorder is not null;
}

/// <summary>
/// How a new order line splits over a product's stock, as <see cref="InventoryEngine.HoldAsync"/>
/// plans it from a read: units from the shelf (none while backorders wait), the shortfall, and for a
/// shortfall the run of queue positions its last unit may land in and the ETA they share.
/// </summary>
public sealed record StockSplit(int Take, int Shortfall, bool CanHold, int? Cap, int PositionsFirst, int PositionsLast, DateOnly? Eta)
{
    public static StockSplit Plan(StockLevels levels, int wanted, bool backorderable, int? cap, EtaSchedule schedule)
    {
        var take = levels.Backordered > 0 ? 0 : Math.Clamp(levels.Available, 0, wanted);
        var shortfall = wanted - take;
        if (shortfall == 0)
        {
            return new StockSplit(take, 0, true, cap, 0, 0, null);
        }
        // With units taken from the shelf the queue was empty, so this line is first in it.
        var position = (take > 0 ? 0 : levels.Backordered) + shortfall;
        var run = backorderable && (cap is null || position <= cap) ? schedule.PositionsSharingEta(position) : null;
        return run is { } r
            ? new StockSplit(take, shortfall, true, cap, r.First, r.Last, schedule.EtaForPosition(position))
            : new StockSplit(take, shortfall, false, cap, 0, 0, null);
    }
}

public sealed class InsufficientStockException(int productId, int delta)
    : InvalidOperationException($"Product {productId} cannot change on hand by {delta}: it would fall below zero or below what is allocated to orders.")
{
    public int ProductId { get; } = productId;
    public int Delta { get; } = delta;
}
