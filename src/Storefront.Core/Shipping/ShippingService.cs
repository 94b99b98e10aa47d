using Microsoft.EntityFrameworkCore;
using Storefront.Core.Common;
using Storefront.Core.Data;
using Storefront.Core.Inventory;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;

namespace Storefront.Core.Shipping;

/// <summary>
/// Ships allocated units of a paid order: in one transaction the units leave on hand and allocated
/// together, the ledger records them, the order lines move them from allocated to shipped, a shipment
/// is recorded and the order becomes PartiallyShipped or Shipped. Backordered units never ship here:
/// they become allocated when stock arrives (<see cref="InventoryEngine.ReceiveAsync"/>).
/// </summary>
public sealed class ShippingService(StorefrontDbContext db, InventoryEngine inventory, TimeProvider clock, Outbox outbox, CustomerMessages messages, CarrierTracking tracking)
{
    public const int CarrierMaxLength = 50;
    public const int TrackingMaxLength = 100;
    public const int ShipmentKeyMaxLength = 64;
    public const int OverrideReasonMaxLength = 500;

    public static string NewShipmentKey() => Guid.NewGuid().ToString("N");

    public async Task<ShipResult> ShipAsync(ShipRequest request, CancellationToken ct = default)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return new ShipResult(ShipOutcome.Invalid, null, errors);
        }
        var existing = await FindByKeyAsync(request.ShipmentKey, ct);
        if (existing is not null)
        {
            return new ShipResult(ShipOutcome.AlreadyShipped, existing, []);
        }

        try
        {
            return await db.InTransactionAsync(ct => ShipInTransactionAsync(request, ct), result => result.Outcome == ShipOutcome.Shipped, ct);
        }
        catch (DbUpdateException)
        {
            // The same form was submitted twice at once: the unique shipment key let one of them win.
            db.ChangeTracker.Clear();
            var winner = await FindByKeyAsync(request.ShipmentKey, ct);
            if (winner is not null)
            {
                return new ShipResult(ShipOutcome.AlreadyShipped, winner, []);
            }
            throw;
        }
    }

    private async Task<ShipResult> ShipInTransactionAsync(ShipRequest request, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == request.OrderId, ct);
        if (order is null)
        {
            return new ShipResult(ShipOutcome.NotFound, null, ["There is no such order."]);
        }
        if (order.Status is not (OrderStatus.Paid or OrderStatus.PartiallyShipped))
        {
            return ShipResult.Invalid(order.Status switch
            {
                OrderStatus.PendingPayment => $"Order {order.Number} is not paid yet; only paid orders ship.",
                OrderStatus.Shipped => $"Order {order.Number} has already shipped in full.",
                _ => $"Order {order.Number} is {order.Status} and cannot ship.",
            });
        }

        // Lock the stock rows first, ascending product id like every other stock change: what we read
        // about the order's allocations next cannot change under us (backorder fills lock them too).
        var productIds = await db.OrderLines.Where(l => l.OrderId == order.Id).Select(l => l.ProductId).Distinct().ToListAsync(ct);
        await inventory.LockAsync(productIds, ct);
        var lines = await db.OrderLines.AsNoTracking().Where(l => l.OrderId == order.Id)
            .OrderBy(l => l.ProductId).ThenBy(l => l.Id).ToListAsync(ct);

        var plan = Plan(request, lines, out var planErrors);
        if (planErrors.Count > 0)
        {
            return ShipResult.Invalid([.. planErrors]);
        }
        // Nothing ships before its release day, override or not: on the shelf early is still a pre-order.
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (plan.FirstOrDefault(p => p.Line.ReleaseDate > today) is { Line.ReleaseDate: { } release } early)
        {
            return ShipResult.Invalid($"{early.Line.ProductName} is a pre-order released {DateText.ForPeople(release)}; it can't ship before then.");
        }
        // The customer chose one parcel: anything less than all of it, with nothing left waiting, breaks
        // that promise, and only a staff member who says why may do it.
        var overrides = order.ShippingChoice == ShippingChoice.Together
            && (lines.Any(l => l.BackorderedQuantity > 0) || plan.Sum(p => p.Quantity) < lines.Sum(l => l.AllocatedQuantity));
        var reason = string.IsNullOrWhiteSpace(request.OverrideReason) ? null : request.OverrideReason.Trim();
        if (overrides && reason is null)
        {
            var last = await db.BackorderLines.Where(b => b.OrderId == order.Id && b.Status == BackorderStatus.Open && b.Quantity > 0)
                .MaxAsync(b => (DateOnly?)b.CurrentEta, ct);
            return ShipResult.Invalid(TogetherRefusal(order.Number, last));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var shipment = new Shipment
        {
            OrderId = order.Id,
            ShipmentKey = request.ShipmentKey,
            Carrier = request.Carrier.Trim(),
            TrackingNumber = request.TrackingNumber.Trim(),
            ShippedAt = now,
            ShippedBy = request.Actor,
            OverrideReason = overrides ? reason : null,
            Lines = [.. plan.Select(p => new ShipmentLine { OrderLineId = p.Line.Id, ProductId = p.Line.ProductId, Quantity = p.Quantity })],
        };
        // Inserted first: a concurrent double submit waits here on the unique key and then fails.
        db.Shipments.Add(shipment);
        await db.SaveChangesAsync(ct);

        foreach (var (line, quantity) in plan)
        {
            if (!await inventory.ShipAsync(line.Id, line.ProductId, quantity, new StockReason($"Shipped in order {order.Number}", request.Actor, OrderId: order.Id), ct))
            {
                return ShipResult.Invalid($"{line.Sku}: the allocated units changed while shipping. Please reload the order and try again.");
            }
        }
        await inventory.RecordShippedBackordersAsync(order.Id, ct);

        var waiting = await db.OrderLines.Where(l => l.OrderId == order.Id)
            .SumAsync(l => l.AllocatedQuantity + l.BackorderedQuantity, ct);
        var status = waiting == 0 ? OrderStatus.Shipped : OrderStatus.PartiallyShipped;
        await db.Orders
            .Where(o => o.Id == order.Id && (o.Status == OrderStatus.Paid || o.Status == OrderStatus.PartiallyShipped))
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.Status, status), ct);

        // The "your order has shipped" email is written in this transaction: no parcel without its email.
        var stillToCome = (await db.BackorderLines.AsNoTracking()
            .Where(b => b.OrderId == order.Id && b.Status == BackorderStatus.Open && b.Quantity > 0)
            .OrderBy(b => b.OrderLineId)
            .Select(b => new { b.Id, b.OrderLine!.ProductName, b.Quantity, b.CurrentEta, b.OrderLine.ReleaseDate, b.OrderLine.UnitPriceAmount, b.OrderLine.Currency })
            .ToListAsync(ct))
            .Select(b => new WaitingItem(b.ProductName, b.Quantity, b.CurrentEta, b.ReleaseDate, new Money(b.UnitPriceAmount, b.Currency))).ToList();
        var shippedByLine = plan.ToDictionary(p => p.Line.Id, p => p.Quantity);
        stillToCome.InsertRange(0, lines
            .Select(l => new WaitingItem(l.ProductName, l.AllocatedQuantity - shippedByLine.GetValueOrDefault(l.Id), null, l.ReleaseDate, l.UnitPrice))
            .Where(w => w.Quantity > 0));
        var content = messages.Shipped(order.Number, shipment.Carrier, shipment.TrackingNumber,
            [.. plan.Select(p => new OrderItem(p.Line.ProductName, p.Quantity, p.Line.ReleaseDate, p.Line.UnitPrice))], stillToCome,
            tracking.UrlFor(shipment.Carrier, shipment.TrackingNumber), MailLayout.Address(order));
        outbox.Enqueue(MessageKinds.Shipped, order.Email, content, order.Id, $"order-shipped:{order.Number}:{shipment.Id}");
        await db.SaveChangesAsync(ct);
        return new ShipResult(ShipOutcome.Shipped, shipment, []);
    }

    private static List<(OrderLine Line, int Quantity)> Plan(ShipRequest request, List<OrderLine> lines, out List<string> errors)
    {
        errors = [];
        var plan = new List<(OrderLine Line, int Quantity)>();
        if (request.Lines is null)
        {
            plan.AddRange(lines.Where(l => l.AllocatedQuantity > 0).Select(l => (l, l.AllocatedQuantity)));
        }
        else
        {
            var byId = lines.ToDictionary(l => l.Id);
            foreach (var group in request.Lines.GroupBy(r => r.OrderLineId))
            {
                var quantity = group.Sum(r => r.Quantity);
                if (!byId.TryGetValue(group.Key, out var line))
                {
                    errors.Add("One of the lines does not belong to this order.");
                    continue;
                }
                if (group.Any(r => r.Quantity < 0))
                {
                    errors.Add($"{line.Sku}: the quantity to ship cannot be negative.");
                }
                else if (quantity > line.AllocatedQuantity)
                {
                    errors.Add(line.AllocatedQuantity == 0
                        ? $"{line.Sku}: no units are allocated, so none can ship{Waiting(line)}."
                        : $"{line.Sku}: only {line.AllocatedQuantity} allocated unit(s) can ship, not {quantity}{Waiting(line)}.");
                }
                else if (quantity > 0)
                {
                    plan.Add((line, quantity));
                }
            }
        }
        if (errors.Count == 0 && plan.Count == 0)
        {
            errors.Add("Nothing to ship: choose at least one allocated unit.");
        }
        return [.. plan.OrderBy(p => p.Line.ProductId).ThenBy(p => p.Line.Id)];
    }

    /// <summary>What staff read when they try to ship part of an order its customer wants in one parcel.</summary>
    public static string TogetherRefusal(string orderNumber, DateOnly? lastEta) =>
        $"The customer chose to receive order {orderNumber} in one parcel" +
        (lastEta is { } d ? $", shipped when everything has arrived (by {Common.DateText.ForPeople(d)})" : "") +
        ". To ship part of it now, enter the reason for overriding their choice.";

    private static string Waiting(OrderLine line) =>
        line.BackorderedQuantity > 0 ? $" ({line.BackorderedQuantity} backordered unit(s) ship once stock arrives)" : "";

    private static List<string> Validate(ShipRequest r)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(r.ShipmentKey) || r.ShipmentKey.Length > ShipmentKeyMaxLength)
        {
            errors.Add("This ship form has expired. Please reload the order and try again.");
        }
        if (string.IsNullOrWhiteSpace(r.Carrier))
        {
            errors.Add("Please enter the carrier.");
        }
        else if (r.Carrier.Trim().Length > CarrierMaxLength)
        {
            errors.Add($"The carrier can be at most {CarrierMaxLength} characters.");
        }
        if (string.IsNullOrWhiteSpace(r.TrackingNumber))
        {
            errors.Add("Please enter the tracking number.");
        }
        else if (r.TrackingNumber.Trim().Length > TrackingMaxLength)
        {
            errors.Add($"The tracking number can be at most {TrackingMaxLength} characters.");
        }
        if (r.OverrideReason is { } reason && reason.Trim().Length > OverrideReasonMaxLength)
        {
            errors.Add($"The reason for the override can be at most {OverrideReasonMaxLength} characters.");
        }
        if (string.IsNullOrWhiteSpace(r.Actor))
        {
            errors.Add("Shipping needs a signed-in staff member.");
        }
        return errors;
    }

    private Task<Shipment?> FindByKeyAsync(string key, CancellationToken ct) =>
        db.Shipments.AsNoTracking().Include(s => s.Lines).FirstOrDefaultAsync(s => s.ShipmentKey == key, ct);
}
