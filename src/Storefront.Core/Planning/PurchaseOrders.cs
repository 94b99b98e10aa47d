using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;
using Storefront.Core.Inventory;
using Storefront.Core.Suppliers;

namespace Storefront.Core.Planning;

/// <summary>One line staff want on a purchase order: a product, how many, and when the supplier will deliver them.</summary>
public sealed record PurchaseOrderLineInput(int ProductId, int Quantity, DateOnly ExpectedDate);

/// <summary>What a purchase order change did: the order (null when refused), the problems, and the backorder ETAs it moved.</summary>
public sealed record PurchaseOrderOutcome(PurchaseOrder? Order, IReadOnlyList<string> Errors, int EtasMoved)
{
    public bool Succeeded => Order is not null && Errors.Count == 0;

    public static PurchaseOrderOutcome Fail(params string[] errors) => new(null, errors, 0);
}

/// <summary>
/// Purchase orders: one supplier, many lines, each line an inbound delivery made, changed, cancelled
/// and received through <see cref="Deliveries"/> and <see cref="Receiving"/>, so a line moves backorder
/// ETAs through the inventory engine exactly as a single delivery does. Creating or cancelling an
/// order is one transaction for all its lines.
/// </summary>
public sealed class PurchaseOrders(StorefrontDbContext db, Deliveries deliveries, Receiving receiving, InventoryEngine inventory, SupplierDirectory suppliers, TimeProvider clock)
{
    public const int MaxLines = 200;

    public Task<PurchaseOrder?> FindAsync(int id, CancellationToken ct = default) =>
        db.Set<PurchaseOrder>().AsNoTracking().Include(p => p.Supplier)
            .Include(p => p.Lines.OrderBy(l => l.ProductId)).ThenInclude(l => l.Product)
            .FirstOrDefaultAsync(p => p.Id == id, ct);

    /// <summary>
    /// Creates a purchase order with its lines, in one transaction; nothing is saved if any line is
    /// wrong. The supplier is <paramref name="supplierId"/>, or, without one, the supplier named
    /// <paramref name="supplierName"/> (added to the directory if new).
    /// </summary>
    public async Task<PurchaseOrderOutcome> CreateAsync(int? supplierId, string? supplierName, IReadOnlyList<PurchaseOrderLineInput> lines, string? note, string actor,
        CancellationToken ct = default)
    {
        var errors = new List<string>();
        if (supplierId is { } sid ? !await db.Suppliers.AnyAsync(s => s.Id == sid, ct) : SupplierDirectory.ValidateName(supplierName) is not null)
        {
            errors.Add(supplierId is null ? SupplierDirectory.ValidateName(supplierName)! : "Choose a supplier.");
        }
        if (lines.Count == 0)
        {
            errors.Add("Select at least one product to order.");
        }
        else if (lines.Count > MaxLines)
        {
            errors.Add($"A purchase order can have at most {MaxLines} lines.");
        }
        if (note is { Length: > PurchaseOrder.NoteMaxLength })
        {
            errors.Add($"The note can be at most {PurchaseOrder.NoteMaxLength} characters.");
        }
        if (lines.GroupBy(l => l.ProductId).Any(g => g.Count() > 1))
        {
            errors.Add("Each product can be on a purchase order once: add the quantities together.");
        }
        var ids = lines.Select(l => l.ProductId).Distinct().ToArray();
        var skus = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Sku, ct);
        foreach (var line in lines)
        {
            if (!skus.TryGetValue(line.ProductId, out var sku))
            {
                errors.Add("One of the products does not exist.");
                continue;
            }
            errors.AddRange(deliveries.Validate(new DeliveryInput(line.Quantity, line.ExpectedDate, null)).Select(e => $"{sku}: {e}"));
        }
        if (errors.Count > 0)
        {
            return new PurchaseOrderOutcome(null, errors.Distinct().ToList(), 0);
        }
        return await db.InTransactionAsync(async ct =>
        {
            await inventory.LockAsync(ids, ct);
            int supplier;
            if (supplierId is { } known)
            {
                supplier = known;
            }
            else
            {
                var named = await suppliers.FindOrAddAsync(supplierName!, ct);
                await db.SaveChangesAsync(ct);
                supplier = named.Id;
            }
            // The number is made from the id, so the row goes in first with a placeholder unique to it.
            var order = new PurchaseOrder
            {
                Number = Guid.NewGuid().ToString("N"),
                SupplierId = supplier,
                Status = PurchaseOrderStatus.Open,
                Note = note?.Trim() ?? "",
                CreatedAt = clock.GetUtcNow().UtcDateTime,
                CreatedBy = actor.Length <= 256 ? actor : actor[..256],
            };
            db.Add(order);
            await db.SaveChangesAsync(ct);
            order.Number = PurchaseOrder.NumberFor(order.Id);
            await db.SaveChangesAsync(ct);
            var moved = 0;
            foreach (var line in lines.OrderBy(l => l.ProductId))
            {
                var added = await deliveries.AddInTransactionAsync(line.ProductId, new DeliveryInput(line.Quantity, line.ExpectedDate, order.Number),
                    actor, supplier, order.Id, ct);
                moved += added.Etas?.LinesMoved ?? 0;
            }
            return new PurchaseOrderOutcome(order, [], moved);
        }, outcome => outcome.Succeeded, ct);
    }

    /// <summary>Changes one line's quantity or date, as an edit of its delivery (validated and settled there).</summary>
    public async Task<PurchaseOrderOutcome> EditLineAsync(int orderId, int deliveryId, int quantity, DateOnly expectedDate, string actor, CancellationToken ct = default)
    {
        var (order, line, error) = await LineAsync(orderId, deliveryId, ct);
        if (error is not null)
        {
            return PurchaseOrderOutcome.Fail(error);
        }
        var edited = await deliveries.EditAsync(deliveryId, new DeliveryInput(quantity, expectedDate, line!.SupplierReference), actor, $"purchase order {order!.Number}", ct);
        return edited.Succeeded ? new PurchaseOrderOutcome(order, [], edited.Etas?.LinesMoved ?? 0) : new PurchaseOrderOutcome(null, edited.Errors, 0);
    }

    /// <summary>Receives units of one line, as a receipt of its delivery: the queue is served oldest first.</summary>
    public async Task<(PurchaseOrderOutcome Outcome, ReceiptResult? Receipt)> ReceiveLineAsync(int orderId, int deliveryId, int quantity, string actor, CancellationToken ct = default)
    {
        var (order, _, error) = await LineAsync(orderId, deliveryId, ct);
        if (error is not null)
        {
            return (PurchaseOrderOutcome.Fail(error), null);
        }
        var received = await receiving.ReceiveDeliveryAsync(deliveryId, quantity, actor, ct);
        if (!received.Succeeded)
        {
            return (new PurchaseOrderOutcome(null, received.Errors, 0), null);
        }
        await CloseIfDoneAsync(orderId, ct);
        return (new PurchaseOrderOutcome(order, [], received.Result!.Etas.LinesMoved), received.Result);
    }

    /// <summary>Cancels one line that has not fully arrived; what was received stays received.</summary>
    public async Task<PurchaseOrderOutcome> CancelLineAsync(int orderId, int deliveryId, string actor, CancellationToken ct = default)
    {
        var (order, _, error) = await LineAsync(orderId, deliveryId, ct);
        if (error is not null)
        {
            return PurchaseOrderOutcome.Fail(error);
        }
        var cancelled = await deliveries.CancelAsync(deliveryId, actor, $"line of purchase order {order!.Number} cancelled", ct);
        if (!cancelled.Succeeded)
        {
            return new PurchaseOrderOutcome(null, cancelled.Errors, 0);
        }
        await CloseIfDoneAsync(orderId, ct);
        return new PurchaseOrderOutcome(order, [], cancelled.Etas?.LinesMoved ?? 0);
    }

    /// <summary>Cancels the order and every line still expected, in one transaction. Units already received stay.</summary>
    public async Task<PurchaseOrderOutcome> CancelAsync(int orderId, string actor, string? why, CancellationToken ct = default)
    {
        var order = await FindAsync(orderId, ct);
        if (order is null)
        {
            return PurchaseOrderOutcome.Fail("This purchase order does not exist.");
        }
        if (order.Status != PurchaseOrderStatus.Open)
        {
            return PurchaseOrderOutcome.Fail($"This purchase order is {order.Status.ToString().ToLowerInvariant()} and can no longer be cancelled.");
        }
        var productIds = order.Lines.Select(l => l.ProductId).ToList();
        return await db.InTransactionAsync(async ct =>
        {
            await inventory.LockAsync(productIds, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            // Conditional: of two clerks cancelling at once, one does it.
            var claimed = await db.Set<PurchaseOrder>().Where(p => p.Id == orderId && p.Status == PurchaseOrderStatus.Open)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.Status, PurchaseOrderStatus.Cancelled).SetProperty(p => p.CancelledAt, now), ct);
            if (claimed == 0)
            {
                return PurchaseOrderOutcome.Fail("This purchase order was closed or cancelled meanwhile.");
            }
            var reason = $"purchase order {order.Number} cancelled" + (string.IsNullOrWhiteSpace(why) ? "" : ": " + why.Trim());
            var moved = 0;
            foreach (var line in order.Lines.Where(l => l.Status == DeliveryStatus.Scheduled).OrderBy(l => l.ProductId))
            {
                var cancelled = await deliveries.CancelInTransactionAsync(line, actor, reason, ct);
                moved += cancelled.Etas?.LinesMoved ?? 0;
            }
            order.Status = PurchaseOrderStatus.Cancelled;
            return new PurchaseOrderOutcome(order, [], moved);
        }, outcome => outcome.Succeeded, ct);
    }

    private async Task<(PurchaseOrder? Order, InboundDelivery? Line, string? Error)> LineAsync(int orderId, int deliveryId, CancellationToken ct)
    {
        var order = await FindAsync(orderId, ct);
        var line = order?.Lines.FirstOrDefault(l => l.Id == deliveryId);
        return order is null || line is null ? (null, null, "This purchase order line does not exist.")
            : order.Status != PurchaseOrderStatus.Open ? (null, null, $"This purchase order is {order.Status.ToString().ToLowerInvariant()}.")
            : (order, line, null);
    }

    /// <summary>An order none of whose lines is still expected is closed.</summary>
    private Task CloseIfDoneAsync(int orderId, CancellationToken ct) =>
        db.WriteAsync(ct => db.Set<PurchaseOrder>()
            .Where(p => p.Id == orderId && p.Status == PurchaseOrderStatus.Open
                && !db.InboundDeliveries.Any(d => d.PurchaseOrderId == orderId && d.Status == DeliveryStatus.Scheduled))
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.Status, PurchaseOrderStatus.Closed), ct), ct);
}
