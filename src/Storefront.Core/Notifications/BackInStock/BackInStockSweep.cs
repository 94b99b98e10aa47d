using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Storefront.Core.Availability;
using Storefront.Core.Data;

namespace Storefront.Core.Notifications;

/// <summary>
/// Finds products with confirmed, not-yet-alerted subscribers that can be bought again and writes one
/// alert per subscriber. Each product's subscribers are claimed with one conditional UPDATE (only
/// rows whose NotifiedAt is still empty) in the same transaction as their alerts, so two instances
/// sweeping at once never alert anyone twice, and a crash before commit leaves nothing half done.
/// </summary>
public sealed class BackInStockSweep(
    StorefrontDbContext db,
    AvailabilityService availability,
    Outbox outbox,
    BackInStockMessages messages,
    BackInStockLinks links,
    TimeProvider clock,
    IOptions<BackInStockOptions> options,
    ILogger<BackInStockSweep> logger)
{
    /// <summary>The states in which a subscriber can act on the alert.</summary>
    public static bool IsBack(ProductAvailability a) =>
        a.State is AvailabilityState.InStock or AvailabilityState.LowStock
        || (a.State == AvailabilityState.Backorder && a.Eta is not null);

    /// <summary>Checks every product with waiting subscribers, in batches; returns how many alerts were written.</summary>
    public async Task<int> SweepAsync(string instance, CancellationToken ct = default)
    {
        var batchSize = Math.Max(1, options.Value.BackInStockSweepBatchSize);
        var alerts = 0;
        var afterProductId = 0;
        while (!ct.IsCancellationRequested)
        {
            var productIds = await db.Set<BackInStockSubscription>().AsNoTracking()
                .Where(s => s.Status == BackInStockStatus.Active && s.NotifiedAt == null && s.ProductId > afterProductId)
                .Select(s => s.ProductId).Distinct().OrderBy(id => id).Take(batchSize).ToListAsync(ct);
            if (productIds.Count == 0)
            {
                break;
            }
            afterProductId = productIds[^1];
            var products = await db.Products.AsNoTracking().Include(p => p.Stock)
                .Where(p => productIds.Contains(p.Id)).ToListAsync(ct);
            var states = await availability.ForProductsAsync(products, ct);
            foreach (var product in products.Where(p => IsBack(states[p.Id])))
            {
                alerts += await AlertSubscribersAsync(product, states[product.Id], instance, ct);
            }
        }
        return alerts;
    }

    private async Task<int> AlertSubscribersAsync(Catalog.Product product, ProductAvailability state, string instance, CancellationToken ct)
    {
        return await db.InTransactionAsync(async ct =>
        {
            var claim = $"{instance}:{Guid.NewGuid():N}";
            if (claim.Length > 60)
            {
                claim = claim[^60..];
            }
            var now = clock.GetUtcNow().UtcDateTime;
            var claimed = await db.Set<BackInStockSubscription>()
                .Where(s => s.ProductId == product.Id && s.Status == BackInStockStatus.Active && s.NotifiedAt == null)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(s => s.NotifiedAt, now)
                    .SetProperty(s => s.AlertClaim, claim)
                    .SetProperty(s => s.OpenKey, (string?)null), ct);
            if (claimed == 0)
            {
                return 0;
            }
            var subscribers = await db.Set<BackInStockSubscription>().AsNoTracking()
                .Where(s => s.AlertClaim == claim).Select(s => new { s.Id, s.Email }).ToListAsync(ct);
            foreach (var s in subscribers)
            {
                outbox.Enqueue(BackInStockMessages.AlertKind, s.Email, messages.Alert(product, state, links.UnsubscribeUrl(s.Id)),
                    dedupKey: $"back-in-stock:{s.Id}");
            }
            await db.SaveChangesAsync(ct);
            logger.LogInformation("{Product} is back ({State}): alerted {Count} subscribers", product.Sku, state.State, subscribers.Count);
            return subscribers.Count;
        }, ct: ct);
    }
}
