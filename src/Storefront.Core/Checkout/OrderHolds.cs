using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;
using Storefront.Core.Incentives;
using Storefront.Core.Inventory;

using Storefront.Core.Orders;

namespace Storefront.Core.Checkout;

/// <summary>
/// The end of a checkout hold: made permanent when payment is confirmed, or released when payment
/// is declined or the hold expires. Each transition is claimed with a conditional UPDATE on the
/// order's status, so concurrent webhooks, workers and shoppers act on an order once.
/// </summary>
public sealed class OrderHolds(StorefrontDbContext db, StockCommands stock, IncentiveCodes codes, TimeProvider clock)
{
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
    /// Releases every allocation and open backorder of an unpaid order and hands the freed units to
    /// the backorder queue first. False if the order was not waiting for payment.
    /// </summary>
    public async Task<bool> ReleaseAsync(int orderId, OrderStatus outcome, CancellationToken ct = default)
    {
        if (outcome is not (OrderStatus.PaymentFailed or OrderStatus.Expired))
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), "A hold ends as PaymentFailed or Expired.");
        }
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.Orders
                .Where(o => o.Id == orderId && o.Status == OrderStatus.PendingPayment)
                .ExecuteUpdateAsync(u => u.SetProperty(o => o.Status, outcome).SetProperty(o => o.HoldExpiresAt, (DateTime?)null), ct);
            if (claimed == 0)
            {
                await tx.RollbackAsync(ct);
                return false;
            }
            var productIds = await db.OrderLines.Where(l => l.OrderId == orderId)
                .Select(l => l.ProductId).Distinct().OrderBy(id => id).ToListAsync(ct);
            foreach (var productId in productIds)
            {
                await stock.LockAsync(productId, ct);
            }
            var lines = await db.OrderLines.Include(l => l.Backorders)
                .Where(l => l.OrderId == orderId).OrderBy(l => l.ProductId).ToListAsync(ct);
            foreach (var line in lines)
            {
                await stock.ReleaseAsync(line.ProductId, line.AllocatedQuantity, line.BackorderedQuantity, ct);
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
            await db.SaveChangesAsync(ct);
            foreach (var productId in productIds)
            {
                await stock.ServeBackordersAsync(productId, ct);
            }
            // A discount code this unpaid order used is the shopper's to use again (stock rows first, as checkout locks them).
            await codes.ReleaseForOrderAsync(orderId, ct);
            await tx.CommitAsync(ct);
            return true;
        });
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
