using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Storefront.Core.Common;
using Storefront.Core.Data;
using Storefront.Core.Etas;
using Storefront.Core.Inventory;
using Storefront.Core.Notifications;
using Storefront.Core.Payments;

namespace Storefront.Core.Orders;

public enum CancellationOutcome
{
    /// <summary>This request cancelled the open units; the refund was attempted (see <see cref="BackorderCancellationResult.Refund"/>).</summary>
    Cancelled,
    /// <summary>Cancelled before (a double click, a concurrent request, a re-sent form): nothing changed.</summary>
    AlreadyCancelled,
    /// <summary>The line was filled from stock (or the order is not in a state that allows it): nothing to cancel.</summary>
    NotCancellable,
    /// <summary>The open quantity differs from what the shopper confirmed (units arrived meanwhile): ask again.</summary>
    QuantityChanged,
    NotFound,
}

/// <summary>What cancelling a backorder line would do, for the confirmation step.</summary>
public sealed record CancellationQuote(int BackorderLineId, string ProductName, int OpenUnits, Money UnitPrice, Money Refund, DateOnly CurrentEta)
{
    /// <summary>The part of <see cref="Refund"/> that gives back the shipping: cancelling would leave nothing to ship.</summary>
    public Money? Shipping { get; init; }
}

/// <summary>The refund of one cancellation: its row and whether the provider has confirmed it.</summary>
public sealed record CancellationRefund(Money Amount, bool Confirmed, string? Error)
{
    /// <summary>The refund's idempotency key (<see cref="BackorderCancellation.RefundKeyFor"/>).</summary>
    public string? Key { get; init; }

    /// <summary>The part of <see cref="Amount"/> that gives back the shipping charge (nothing left to ship).</summary>
    public Money? Shipping { get; init; }
}

public sealed record BackorderCancellationResult(CancellationOutcome Outcome, int Units, CancellationRefund? Refund)
{
    public bool RefundPending => Refund is { Confirmed: false };
}

/// <summary>
/// Cancels the unfilled part of a backorder line and refunds it, exactly once. The inventory engine
/// releases the units and settles the queue, and the order's status and the email change, in one
/// transaction whose conditional UPDATE picks a single winner; the provider is called afterwards,
/// with no transaction open, under one idempotency key per cancellation, so a retry after a
/// provider failure can never refund twice.
/// </summary>
public sealed class BackorderCancellation(
    StorefrontDbContext db,
    InventoryEngine inventory,
    Outbox outbox,
    CancellationMessages messages,
    PaymentRefunds refunds,
    ILogger<BackorderCancellation> logger)
{
    /// <summary>One key per backorder line: a line is cancelled at most once, so it is refunded at most once.</summary>
    public static string RefundKeyFor(int backorderLineId) => "cancel-bo-" + backorderLineId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool OrderAllowsCancel(OrderStatus status) => status is OrderStatus.Paid or OrderStatus.PartiallyShipped;

    /// <summary>Whether the customer (or staff) may cancel this backorder now: paid order, units still waiting.</summary>
    public static bool CanCancel(OrderStatus orderStatus, BackorderLine backorder) =>
        OrderAllowsCancel(orderStatus) && backorder.Status == BackorderStatus.Open && backorder.Quantity > 0;

    /// <summary>
    /// A backorder cancelled after payment whose refund the provider has not confirmed yet. The order
    /// may have ended (Shipped or Cancelled) by the cancellation itself.
    /// </summary>
    public static bool AwaitsRefund(OrderStatus orderStatus, BackorderLine backorder, bool paid, Refund? refund) =>
        backorder.Status == BackorderStatus.Cancelled
        && orderStatus is OrderStatus.Paid or OrderStatus.PartiallyShipped or OrderStatus.Shipped or OrderStatus.Cancelled
        && paid
        && refund?.Status != RefundStatus.Refunded;

    /// <summary>The refund a cancellation would make now, or null if the line has nothing left to cancel.</summary>
    public async Task<CancellationQuote?> QuoteAsync(int orderId, int backorderLineId, CancellationToken ct = default)
    {
        var line = await db.BackorderLines.AsNoTracking()
            .Where(b => b.Id == backorderLineId && b.OrderId == orderId)
            .Select(b => new { b.Id, b.Status, b.Quantity, b.CurrentEta, b.OrderLineId, b.OrderLine!.ProductName, b.OrderLine.UnitPriceAmount, LineQuantity = b.OrderLine.Quantity, b.OrderLine.Currency, OrderStatus = b.Order!.Status })
            .FirstOrDefaultAsync(ct);
        if (line is null || line.Status != BackorderStatus.Open || line.Quantity <= 0 || !OrderAllowsCancel(line.OrderStatus))
        {
            return null;
        }
        var left = await db.OrderLines.AsNoTracking().Where(l => l.OrderId == orderId)
            .GroupBy(l => l.OrderId)
            .Select(g => new { Waiting = g.Sum(l => l.AllocatedQuantity + l.BackorderedQuantity), Shipped = g.Sum(l => l.ShippedQuantity) })
            .SingleAsync(ct);
        var endsUnshipped = left.Waiting == line.Quantity && left.Shipped == 0;
        var owed = await OwedAsync(orderId, backorderLineId, line.OrderLineId, line.UnitPriceAmount, line.LineQuantity, line.Quantity, endsUnshipped, ct);
        var unit = new Money(line.UnitPriceAmount, line.Currency);
        return new CancellationQuote(line.Id, line.ProductName, line.Quantity, unit, new Money(owed.Items + owed.Shipping, line.Currency), line.CurrentEta)
        {
            Shipping = owed.Shipping > 0 ? new Money(owed.Shipping, line.Currency) : null,
        };
    }

    /// <param name="expectedUnits">The open units the shopper saw on the confirmation step; null to cancel whatever is open.</param>
    /// <param name="actor">Who asked: "customer" or a staff member's name; kept with the ETA changes it causes.</param>
    /// <param name="alsoOnCancel">Runs in the cancellation's transaction when this call wins it (records why, e.g. a customer's refusal of a delay).</param>
    /// <param name="because">What the email tells the customer about why it was cancelled; null: "as asked".</param>
    public async Task<BackorderCancellationResult> CancelAsync(int orderId, int backorderLineId, int? expectedUnits, string actor, CancellationToken ct = default,
        Func<CancellationToken, Task>? alsoOnCancel = null, string? because = null)
    {
        var target = await db.BackorderLines.AsNoTracking()
            .Where(b => b.Id == backorderLineId && b.OrderId == orderId)
            .Select(b => new { OrderStatus = b.Order!.Status, b.Order.Number })
            .FirstOrDefaultAsync(ct);
        if (target is null)
        {
            return new(CancellationOutcome.NotFound, 0, null);
        }
        if (!OrderAllowsCancel(target.OrderStatus))
        {
            return await SettledAsync(orderId, backorderLineId, ct);
        }

        var claim = await db.InTransactionAsync(async ct =>
        {
            // Everyone behind this line in the queue moves up. Customers see the reason on their own
            // order page, so it names no other order; staff find which one in the actor.
            var won = await inventory.CancelBackorderAsync(backorderLineId, expectedUnits,
                "An earlier backorder in the queue was cancelled", $"{actor} (cancelled on order {target.Number})", ct);
            if (won.Outcome != CancellationOutcome.Cancelled)
            {
                return (Won: won, Refund: (CancellationRefund?)null);
            }
            // With nothing left to ship the order is finished: Shipped if anything went out, else Cancelled.
            var left = await db.OrderLines.Where(l => l.OrderId == orderId)
                .GroupBy(l => l.OrderId)
                .Select(g => new { Waiting = g.Sum(l => l.AllocatedQuantity + l.BackorderedQuantity), Shipped = g.Sum(l => l.ShippedQuantity) })
                .SingleAsync(ct);
            if (left.Waiting == 0)
            {
                var finished = left.Shipped > 0 ? OrderStatus.Shipped : OrderStatus.Cancelled;
                await db.Orders.Where(o => o.Id == orderId && (o.Status == OrderStatus.Paid || o.Status == OrderStatus.PartiallyShipped))
                    .ExecuteUpdateAsync(u => u.SetProperty(o => o.Status, finished), ct);
            }

            if (alsoOnCancel is not null)
            {
                await alsoOnCancel(ct);
            }
            // The refund is written with the cancellation, so it is owed (and retried) even if the
            // provider call below never happens; the email states exactly what it records.
            var refund = await RecordRefundAsync(orderId, backorderLineId, ct);
            var current = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == orderId, ct);
            var line = await db.OrderLines.AsNoTracking().SingleAsync(l => l.Id == won.OrderLineId, ct);
            var amount = refund?.Amount ?? new Money(0, line.Currency);
            outbox.Enqueue(MessageKinds.BackorderCancelled, current.Email,
                messages.BackorderCancelled(current, line, won.Units, amount, refund?.Shipping, because), current.Id,
                "backorder-cancelled:" + backorderLineId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await db.SaveChangesAsync(ct);
            return (Won: won, Refund: refund);
        }, claim => claim.Won.Outcome == CancellationOutcome.Cancelled, ct);
        var (outcome, units) = (claim.Won.Outcome, claim.Won.Units);
        db.ChangeTracker.Clear();

        if (outcome == CancellationOutcome.Cancelled)
        {
            logger.LogInformation("Backorder line {BackorderLineId} of order {OrderId}: {Units} units cancelled by {Actor}", backorderLineId, orderId, units, actor);
            return new(outcome, units, claim.Refund is null ? null : await SendRefundAsync(claim.Refund, ct));
        }
        if (outcome == CancellationOutcome.AlreadyCancelled)
        {
            // The loser of a race reports the winner's refund without calling the provider itself.
            return await SettledAsync(orderId, backorderLineId, ct);
        }
        return new(outcome, units, null);
    }

    /// <summary>
    /// Makes sure a cancelled line's refund reached the provider: a retry after a failure, with the
    /// same key and amount. A refund already confirmed is reported, not repeated.
    /// </summary>
    public async Task<CancellationRefund?> RefundAsync(int orderId, int backorderLineId, CancellationToken ct = default)
    {
        var line = await db.BackorderLines.AsNoTracking()
            .Where(b => b.Id == backorderLineId && b.OrderId == orderId)
            .Select(b => new { b.Status, b.CancelledQuantity, OrderStatus = b.Order!.Status })
            .FirstOrDefaultAsync(ct);
        if (line is null || line.Status != BackorderStatus.Cancelled || line.CancelledQuantity == 0
            || line.OrderStatus is OrderStatus.PendingPayment or OrderStatus.PaymentFailed or OrderStatus.Expired)
        {
            return null;
        }
        var key = RefundKeyFor(backorderLineId);
        var existing = await db.Refunds.AsNoTracking().FirstOrDefaultAsync(r => r.IdempotencyKey == key, ct);
        if (existing is null)
        {
            // A line cancelled before refunds were written with the cancellation: record it now, the same way.
            try
            {
                var recorded = await db.InTransactionAsync(ct => RecordRefundAsync(orderId, backorderLineId, ct), ct: ct);
                return recorded is null ? null : await SendRefundAsync(recorded, ct);
            }
            catch (DbUpdateException)
            {
                // A concurrent retry recorded it first: report that one.
                db.ChangeTracker.Clear();
                existing = await db.Refunds.AsNoTracking().FirstOrDefaultAsync(r => r.IdempotencyKey == key, ct);
                if (existing is null)
                {
                    return null;
                }
            }
        }
        var money = new Money(existing.Amount, existing.Currency);
        return existing.Status == RefundStatus.Refunded
            ? new CancellationRefund(money, true, null)
            : await SendRefundAsync(new CancellationRefund(money, false, null) { Key = key }, ct);
    }

    /// <summary>What a cancelled line owes back (<see cref="OwedAsync"/>), recorded as a Pending refund in the caller's transaction.</summary>
    private async Task<CancellationRefund?> RecordRefundAsync(int orderId, int backorderLineId, CancellationToken ct)
    {
        var line = await db.BackorderLines.AsNoTracking()
            .Where(b => b.Id == backorderLineId && b.OrderId == orderId)
            .Select(b => new { b.CancelledQuantity, b.OrderLineId, b.OrderLine!.UnitPriceAmount, b.OrderLine.Quantity, b.OrderLine.Currency, OrderStatus = b.Order!.Status })
            .SingleAsync(ct);
        var (payment, items, shipping) = await OwedAsync(orderId, backorderLineId, line.OrderLineId, line.UnitPriceAmount, line.Quantity,
            line.CancelledQuantity, line.OrderStatus == OrderStatus.Cancelled, ct);
        if (payment is null)
        {
            return null;
        }
        var amount = items + shipping;
        if (amount <= 0 || await refunds.RecordAsync(payment, amount, "Backorder cancelled", RefundKeyFor(backorderLineId), ct) is null)
        {
            return null;
        }
        return new CancellationRefund(new Money(amount, line.Currency), false, null)
        {
            Key = RefundKeyFor(backorderLineId),
            Shipping = shipping > 0 ? new Money(shipping, line.Currency) : null,
        };
    }

    /// <summary>
    /// The refund rule for cancelled units: at the price paid, never more than the line was charged
    /// (counting its other cancelled parts) nor than the payment still holds (a discount may have
    /// lowered it); and when the cancellation leaves an order that never shipped anything, the rest
    /// of the charge too, the shipping: "cancel for a full refund" then means all of it.
    /// </summary>
    private async Task<(Payment? Payment, long Items, long Shipping)> OwedAsync(int orderId, int backorderLineId, int orderLineId,
        long unitPrice, int lineQuantity, int units, bool endsUnshippedOrder, CancellationToken ct)
    {
        var payment = await db.Payments.AsNoTracking()
            .Where(p => p.OrderId == orderId && p.Status == PaymentStatus.Succeeded)
            .OrderBy(p => p.Id).FirstOrDefaultAsync(ct);
        if (payment is null)
        {
            return (null, 0, 0);
        }
        var siblingKeys = (await db.BackorderLines.AsNoTracking()
                .Where(b => b.OrderLineId == orderLineId && b.Id != backorderLineId).Select(b => b.Id).ToListAsync(ct))
            .Select(RefundKeyFor).ToList();
        var refundedForLine = siblingKeys.Count == 0 ? 0
            : await db.Refunds.Where(r => siblingKeys.Contains(r.IdempotencyKey)).SumAsync(r => (long?)r.Amount, ct) ?? 0;
        var stillCharged = payment.Amount - payment.RefundedAmount;
        var items = Math.Max(0, Math.Min(Math.Min(unitPrice * units, unitPrice * lineQuantity - refundedForLine), stillCharged));
        var shipping = endsUnshippedOrder ? stillCharged - items : 0;
        return (payment, items, shipping);
    }

    private async Task<CancellationRefund> SendRefundAsync(CancellationRefund refund, CancellationToken ct)
    {
        try
        {
            var outcome = await refunds.SendAsync(refund.Key!, ct);
            return refund with { Confirmed = outcome.Succeeded, Error = outcome.Error };
        }
        catch (PaymentUnavailableException ex)
        {
            // The refund stays Pending under the same key: the refund job retries it, and so can the shopper or staff.
            return refund with { Confirmed = false, Error = ex.Message };
        }
    }

    /// <summary>How an already-cancelled line stands: its units and its recorded refund, without calling the provider.</summary>
    private async Task<BackorderCancellationResult> SettledAsync(int orderId, int backorderLineId, CancellationToken ct)
    {
        var line = await db.BackorderLines.AsNoTracking().Where(b => b.Id == backorderLineId && b.OrderId == orderId)
            .Select(b => new { b.Status, b.CancelledQuantity }).FirstOrDefaultAsync(ct);
        if (line is null || line.Status != BackorderStatus.Cancelled)
        {
            return new(CancellationOutcome.NotCancellable, 0, null);
        }
        var key = RefundKeyFor(backorderLineId);
        var refund = await db.Refunds.AsNoTracking().FirstOrDefaultAsync(r => r.IdempotencyKey == key, ct);
        return new(CancellationOutcome.AlreadyCancelled, line.CancelledQuantity,
            refund is null ? null : new CancellationRefund(new Money(refund.Amount, refund.Currency), refund.Status == RefundStatus.Refunded, refund.LastError) { Key = key });
    }
}
