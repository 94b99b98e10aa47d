using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;
using Storefront.Core.Etas;
using Storefront.Core.Suppliers;
using Storefront.Core.Orders;

namespace Storefront.Core.Inventory;

/// <summary>An order that received units from a receipt.</summary>
public sealed record FilledOrder(int OrderId, string OrderNumber, int Quantity);

/// <summary>A product's stock numbers at one moment.</summary>
public sealed record StockLevels(int OnHand, int Allocated, int Backordered)
{
    public int Available => OnHand - Allocated;
}

/// <summary>What a receipt did: units in, backorders filled (oldest first), what is left for new shoppers.</summary>
public sealed record ReceiptResult(
    int ProductId,
    string Sku,
    int Received,
    IReadOnlyList<FilledOrder> Filled,
    StockLevels Stock,
    int? DeliveryId,
    int DeliveryOutstanding,
    EtaPreview Etas)
{
    public int FilledUnits => Filled.Sum(f => f.Quantity);
}

public sealed record ReceiveOutcome(ReceiptResult? Result, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Result is not null;

    public static ReceiveOutcome Fail(string error) => new(null, [error]);
}

/// <summary>
/// Stock arriving: in one transaction the delivery records what came and the inventory engine takes
/// the units in, serving the backorder queue oldest first before any unit becomes available to new
/// shoppers (see <see cref="InventoryEngine.ReceiveAsync"/>).
/// </summary>
public sealed class Receiving(StorefrontDbContext db, InventoryEngine inventory, TimeProvider clock, SupplierReliability reliability, DeliveryDates dates)
{
    public const int MaxQuantity = 1_000_000;

    /// <summary>Receives all or part of a scheduled delivery. A partial receipt leaves the rest outstanding.</summary>
    public async Task<ReceiveOutcome> ReceiveDeliveryAsync(int deliveryId, int quantity, string actor, CancellationToken ct = default)
    {
        if (quantity is < 1 or > MaxQuantity)
        {
            return ReceiveOutcome.Fail("Enter how many units arrived (at least 1).");
        }
        var delivery = await db.InboundDeliveries.AsNoTracking().Include(d => d.Product).FirstOrDefaultAsync(d => d.Id == deliveryId, ct);
        if (delivery is null)
        {
            return ReceiveOutcome.Fail("This delivery does not exist.");
        }
        var supplierMoved = false;
        var outcome = await db.InTransactionAsync(async ct =>
        {
            supplierMoved = false;
            await inventory.LockAsync(delivery.ProductId, ct);
            // Conditional: a double submit, or two clerks receiving the same delivery, cannot receive more than was expected.
            var updated = await db.InboundDeliveries
                .Where(d => d.Id == deliveryId && d.Status == DeliveryStatus.Scheduled && d.ReceivedQuantity + quantity <= d.Quantity)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.ReceivedQuantity, d => d.ReceivedQuantity + quantity), ct);
            if (updated == 0)
            {
                var now = await db.InboundDeliveries.AsNoTracking().FirstAsync(d => d.Id == deliveryId, ct);
                return ReceiveOutcome.Fail(now.Status != DeliveryStatus.Scheduled
                    ? $"This delivery is already {now.Status.ToString().ToLowerInvariant()}."
                    : $"Only {now.Outstanding} units of this delivery are outstanding. Record extra units as a stock adjustment or a separate receipt.");
            }
            var receivedAt = clock.GetUtcNow().UtcDateTime;
            await db.InboundDeliveries.Where(d => d.Id == deliveryId && d.ReceivedQuantity >= d.Quantity)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DeliveryStatus.Received).SetProperty(d => d.ReceivedAt, receivedAt), ct);
            // Expected against actual, before the queue is settled: the supplier's new record already counts.
            supplierMoved = await reliability.RecordReceiptAsync(delivery, quantity, receivedAt, ct);
            var reference = string.IsNullOrWhiteSpace(delivery.SupplierReference) ? $"delivery {deliveryId}" : delivery.SupplierReference;
            var result = await ReceiveInTransactionAsync(delivery.ProductId, delivery.Product!.Sku, quantity, new StockReason($"Received {reference}", actor, deliveryId), ct);
            return new ReceiveOutcome(result, []);
        }, outcome => outcome.Succeeded, ct);
        if (outcome.Succeeded && supplierMoved && dates.QuotesLikelyDates && delivery.SupplierId is { } supplierId)
        {
            await SupplierRecordChangedAsync(supplierId, delivery.ProductId, ct);
        }
        return outcome;
    }

    /// <summary>
    /// The supplier's lateness changed, so the likely dates of its other scheduled deliveries did:
    /// each product they bring is settled again (ETAs recomputed and customers told), one product per
    /// transaction, after the receipt committed (no second stock row lock held with the first).
    /// </summary>
    private async Task SupplierRecordChangedAsync(int supplierId, int receivedProductId, CancellationToken ct)
    {
        var supplier = await db.Suppliers.AsNoTracking().Where(s => s.Id == supplierId).Select(s => new { s.Name, s.LikelyLateDays }).SingleAsync(ct);
        var products = await db.InboundDeliveries.AsNoTracking()
            .Where(d => d.SupplierId == supplierId && d.Status == DeliveryStatus.Scheduled && d.ProductId != receivedProductId)
            .Select(d => d.ProductId).Distinct().OrderBy(id => id).ToListAsync(ct);
        foreach (var productId in products)
        {
            await db.InTransactionAsync(ct => inventory.ScheduleChangedAsync(productId, EtaChangeKind.SupplierRecord,
                $"Supplier {supplier.Name}: likely {supplier.LikelyLateDays ?? 0} days late (80th percentile of recent receipts)", "store", ct), ct: ct);
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Receives units that came without a scheduled delivery (the API's receipts).</summary>
    public async Task<ReceiveOutcome> ReceiveAsync(int productId, int quantity, string? reference, string actor, CancellationToken ct = default)
    {
        if (quantity is < 1 or > MaxQuantity)
        {
            return ReceiveOutcome.Fail($"Quantity must be between 1 and {MaxQuantity}.");
        }
        var sku = await db.Products.AsNoTracking().Where(p => p.Id == productId).Select(p => p.Sku).FirstOrDefaultAsync(ct);
        if (sku is null)
        {
            return ReceiveOutcome.Fail("This product does not exist.");
        }
        var reason = string.IsNullOrWhiteSpace(reference) ? "Receipt" : $"Receipt {reference.Trim()}";
        return await db.InTransactionAsync(async ct =>
            new ReceiveOutcome(await ReceiveInTransactionAsync(productId, sku, quantity, new StockReason(reason, actor), ct), []), ct: ct);
    }

    private async Task<ReceiptResult> ReceiveInTransactionAsync(int productId, string sku, int quantity, StockReason why, CancellationToken ct)
    {
        var settled = await inventory.ReceiveAsync(productId, quantity, why, ct);
        var orders = await OrdersFilledAsync(settled.Filled, ct);
        var levels = await db.Stock.AsNoTracking().Where(s => s.ProductId == productId)
            .Select(s => new StockLevels(s.OnHand, s.Allocated, s.Backordered)).SingleAsync(ct);
        var outstanding = why.DeliveryId is not { } deliveryId ? 0 : await db.InboundDeliveries.AsNoTracking().Where(d => d.Id == deliveryId)
            .Select(d => d.Status == DeliveryStatus.Scheduled ? d.Quantity - d.ReceivedQuantity : 0).SingleAsync(ct);
        return new ReceiptResult(productId, sku, quantity, orders, levels, why.DeliveryId, outstanding, settled.Etas);
    }

    /// <summary>Order numbers for the filled lines, oldest first, in a few chunked queries (not one per line).</summary>
    private async Task<List<FilledOrder>> OrdersFilledAsync(IReadOnlyList<FilledBackorder> filled, CancellationToken ct)
    {
        var byOrder = new Dictionary<int, int>();
        var order = new List<int>();
        foreach (var f in filled)
        {
            if (!byOrder.TryAdd(f.OrderId, f.Quantity))
            {
                byOrder[f.OrderId] += f.Quantity;
            }
            else
            {
                order.Add(f.OrderId);
            }
        }
        var numbers = new Dictionary<int, string>(order.Count);
        foreach (var ids in order.Chunk(1000))
        {
            var rows = await db.Orders.AsNoTracking().Where(o => ids.Contains(o.Id)).Select(o => new { o.Id, o.Number }).ToListAsync(ct);
            foreach (var row in rows)
            {
                numbers[row.Id] = row.Number;
            }
        }
        return order.Select(id => new FilledOrder(id, numbers.GetValueOrDefault(id, "#" + id), byOrder[id])).ToList();
    }
}
