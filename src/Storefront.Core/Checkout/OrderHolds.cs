using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Storefront.Core.Common;
using Storefront.Core.Data;
using Storefront.Core.Incentives;
using Storefront.Core.Inventory;
using Storefront.Core.Orders;
using Storefront.Core.Payments;

namespace Storefront.Core.Checkout;

/// <summary>
/// The end of a checkout hold: made permanent when payment is confirmed, or released when payment
/// is declined or the hold expires. Each transition is claimed with a conditional UPDATE on the
/// order's status, so concurrent webhooks, workers and shoppers act on an order once.
/// </summary>
public sealed class OrderHolds(
    StorefrontDbContext db,
    InventoryEngine inventory,
    IncentiveCodes codes,
    TimeProvider clock,
    IOptions<StoreOptions> store,
    IOptions<CheckoutOptions> checkout)
{
    public const string HoldExpiredMessage = "The checkout hold expired before payment.";

    /// <summary>
    /// The one rule for how long a hold lasts: the payment-page window from now, but never beyond the
    /// whole checkout hold counted from placing the order. At placement, now is the placing time.
    /// </summary>
    public static DateTime HoldUntil(DateTime placedAt, DateTime now, TimeSpan paymentPageHold, TimeSpan checkoutHold)
    {
        var window = now + paymentPageHold;
        var longest = placedAt + checkoutHold;
        return window < longest ? window : longest;
    }

    public DateTime HoldUntil(DateTime placedAt, DateTime now) =>
        HoldUntil(placedAt, now, checkout.Value.PaymentPageHold, store.Value.CheckoutHold);

    /// <summary>
    /// The shopper is using the payment page: a hold that still lasts is extended by the payment-page
    /// window (never past the whole checkout hold). True if the order is still held.
    /// </summary>
    public async Task<bool> ExtendAsync(int orderId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var placedAt = await db.Orders.Where(o => o.Id == orderId && o.Status == OrderStatus.PendingPayment && o.HoldExpiresAt > now)
            .Select(o => (DateTime?)o.PlacedAt).FirstOrDefaultAsync(ct);
        if (placedAt is null)
        {
            return false;
        }
        var until = HoldUntil(placedAt.Value, now);
        // Conditional on the status, so a hold released meanwhile is not revived; never shortened.
        await db.WriteAsync(token => db.Orders.Where(o => o.Id == orderId && o.Status == OrderStatus.PendingPayment && o.HoldExpiresAt < until)
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.HoldExpiresAt, until), token), ct);
        return true;
    }

    /// <summary>Makes the hold permanent. False if the order was no longer waiting for payment.</summary>
    public async Task<bool> ConfirmPaidAsync(int orderId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.Orders
            .Where(o => o.Id == orderId && o.Status == OrderStatus.PendingPayment)
            .ExecuteUpdateAsync(u => u
                .SetProperty(o => o.Status, OrderStatus.Paid)
                .SetProperty(o => o.PaidAt, now)
                .SetProperty(o => o.HoldExpiresAt, (DateTime?)null), ct);
        return claimed == 1;
    }

    /// <summary>
    /// Releases every allocation and open backorder of an unpaid order through the inventory engine:
    /// the freed units go to the backorder queue first and the ETAs behind the released places move
    /// up. False if the order was not waiting for payment.
    /// </summary>
    public Task<bool> ReleaseAsync(int orderId, OrderStatus outcome, CancellationToken ct = default) =>
        ReleaseAsync(orderId, outcome, HoldExpiredMessage, ct);

    /// <param name="expiredMessage">With <see cref="OrderStatus.Expired"/>: why the order's open payment attempt failed.</param>
    public async Task<bool> ReleaseAsync(int orderId, OrderStatus outcome, string expiredMessage, CancellationToken ct = default)
    {
        if (outcome is not (OrderStatus.PaymentFailed or OrderStatus.Expired))
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), "A hold ends as PaymentFailed or Expired.");
        }
        return await db.InTransactionAsync(async ct =>
        {
            var order = await db.Orders.Where(o => o.Id == orderId).Select(o => new { o.Number }).FirstOrDefaultAsync(ct);
            var claimed = await db.Orders
                .Where(o => o.Id == orderId && o.Status == OrderStatus.PendingPayment)
                .ExecuteUpdateAsync(u => u.SetProperty(o => o.Status, outcome).SetProperty(o => o.HoldExpiresAt, (DateTime?)null), ct);
            if (claimed == 0 || order is null)
            {
                return false;
            }
            // Customers see the reason on their own order page, so it names no other order; staff find which in the actor.
            var actor = outcome == OrderStatus.Expired ? $"system (checkout hold of order {order.Number} expired)" : $"system (payment for order {order.Number} declined)";
            await inventory.ReleaseOrderAsync(orderId, "An unpaid order ahead in the queue was released", actor, ct);
            // A discount code this unpaid order used is the shopper's to use again (stock rows first, as checkout locks them).
            await codes.ReleaseForOrderAsync(orderId, ct);
            if (outcome == OrderStatus.Expired)
            {
                // The attempt nobody finished is closed with the hold; a declined one is closed by the payment with its own message.
                var now = clock.GetUtcNow().UtcDateTime;
                await db.Payments.Where(p => p.OrderId == orderId && p.Status == PaymentStatus.Pending)
                    .ExecuteUpdateAsync(u => u
                        .SetProperty(p => p.Status, PaymentStatus.Failed)
                        .SetProperty(p => p.FailureMessage, expiredMessage)
                        .SetProperty(p => p.CompletedAt, now), ct);
            }
            return true;
        }, released => released, ct);
    }

    /// <summary>Releases every hold whose time is up; returns how many orders it released.</summary>
    public async Task<int> ReleaseExpiredAsync(int batchSize = 100, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expired = await db.Orders.AsNoTracking()
            .Where(o => o.Status == OrderStatus.PendingPayment && o.HoldExpiresAt < now)
            .OrderBy(o => o.HoldExpiresAt).Select(o => o.Id).Take(batchSize).ToListAsync(ct);
        var released = 0;
        foreach (var id in expired)
        {
            if (await ReleaseAsync(id, OrderStatus.Expired, ct))
            {
                released++;
            }
        }
        return released;
    }
}
