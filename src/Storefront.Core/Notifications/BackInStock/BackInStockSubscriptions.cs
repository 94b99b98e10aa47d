using Microsoft.EntityFrameworkCore;
using Storefront.Core.Availability;
using Storefront.Core.Data;

namespace Storefront.Core.Notifications;

public enum SubscribeOutcome
{
    /// <summary>A pending subscription and its confirmation email were written.</summary>
    ConfirmationSent,
    /// <summary>This address already has an open subscription for the product; nothing new was sent.</summary>
    AlreadySubscribed,
    InvalidEmail,
    /// <summary>The product is not out of stock (it can be bought, or never comes back).</summary>
    NotOutOfStock,
    NotFound,
}

public enum LinkOutcome
{
    Done,
    /// <summary>Nothing to do: already confirmed, already alerted, or already unsubscribed.</summary>
    AlreadyDone,
    /// <summary>The subscription was unsubscribed (or no longer exists), so it cannot be confirmed.</summary>
    Gone,
}

public sealed record LinkResult(LinkOutcome Outcome, string? ProductName, string? ProductSlug);

/// <summary>Back-in-stock subscriptions: subscribe (double opt-in), confirm, unsubscribe.</summary>
public sealed class BackInStockSubscriptions(
    StorefrontDbContext db,
    AvailabilityService availability,
    Outbox outbox,
    BackInStockMessages messages,
    BackInStockLinks links,
    TimeProvider clock)
{
    public const int MaxEmailLength = 256;

    public static string? NormalizeEmail(string? email)
    {
        var trimmed = email?.Trim();
        // The check checkout and registration use: an address the mailer can send to, and only one.
        return trimmed is not null && trimmed.Length <= MaxEmailLength && EmailAddresses.IsDeliverable(trimmed) ? trimmed.ToLowerInvariant() : null;
    }

    public async Task<SubscribeOutcome> SubscribeAsync(int productId, string? email, string? userId, CancellationToken ct = default)
    {
        var address = NormalizeEmail(email);
        if (address is null)
        {
            return SubscribeOutcome.InvalidEmail;
        }
        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == productId, ct);
        var state = await availability.ForProductAsync(productId, ct);
        if (product is null || state is null)
        {
            return SubscribeOutcome.NotFound;
        }
        if (state.State != AvailabilityState.OutOfStock)
        {
            return SubscribeOutcome.NotOutOfStock;
        }
        var openKey = BackInStockSubscription.OpenKeyFor(productId, address);
        if (await db.Set<BackInStockSubscription>().AnyAsync(s => s.OpenKey == openKey, ct))
        {
            return SubscribeOutcome.AlreadySubscribed;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            await db.InTransactionAsync(async ct =>
            {
                var subscription = new BackInStockSubscription
                {
                    ProductId = productId,
                    Email = address,
                    UserId = userId,
                    Status = BackInStockStatus.Pending,
                    CreatedAt = now,
                    OpenKey = openKey,
                };
                db.Add(subscription);
                await db.SaveChangesAsync(ct);
                // The email needs the row's id for its signed links, so it is written second, in the same transaction.
                outbox.Enqueue(BackInStockMessages.ConfirmKind, address,
                    messages.ConfirmRequest(product, links.ConfirmUrl(subscription.Id), links.UnsubscribeUrl(subscription.Id)),
                    dedupKey: $"back-in-stock-confirm:{subscription.Id}");
                await db.SaveChangesAsync(ct);
            }, ct);
        }
        catch (DbUpdateException)
        {
            // Another request for the same address and product won the race (unique OpenKey).
            db.ChangeTracker.Clear();
            if (await db.Set<BackInStockSubscription>().AnyAsync(s => s.OpenKey == openKey, ct))
            {
                return SubscribeOutcome.AlreadySubscribed;
            }
            throw;
        }
        return SubscribeOutcome.ConfirmationSent;
    }

    /// <summary>Double opt-in: a pending subscription becomes active. A second click changes nothing.</summary>
    public async Task<LinkResult> ConfirmAsync(int subscriptionId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.Set<BackInStockSubscription>()
            .Where(s => s.Id == subscriptionId && s.Status == BackInStockStatus.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, BackInStockStatus.Active).SetProperty(s => s.ConfirmedAt, now), ct);
        var row = await DescribeAsync(subscriptionId, ct);
        if (row is null)
        {
            return new LinkResult(LinkOutcome.Gone, null, null);
        }
        if (changed == 1)
        {
            return new LinkResult(LinkOutcome.Done, row.Value.Name, row.Value.Slug);
        }
        return new LinkResult(row.Value.Status == BackInStockStatus.Unsubscribed ? LinkOutcome.Gone : LinkOutcome.AlreadyDone, row.Value.Name, row.Value.Slug);
    }

    /// <summary>Stops the subscription: no alert will be sent for it. Safe to repeat.</summary>
    public async Task<LinkResult> UnsubscribeAsync(int subscriptionId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.Set<BackInStockSubscription>()
            .Where(s => s.Id == subscriptionId && s.Status != BackInStockStatus.Unsubscribed)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Status, BackInStockStatus.Unsubscribed)
                .SetProperty(s => s.UnsubscribedAt, now)
                .SetProperty(s => s.OpenKey, (string?)null), ct);
        var row = await DescribeAsync(subscriptionId, ct);
        if (row is null)
        {
            return new LinkResult(LinkOutcome.Gone, null, null);
        }
        return new LinkResult(changed == 1 ? LinkOutcome.Done : LinkOutcome.AlreadyDone, row.Value.Name, row.Value.Slug);
    }

    private async Task<(string Name, string Slug, BackInStockStatus Status)?> DescribeAsync(int subscriptionId, CancellationToken ct)
    {
        var row = await db.Set<BackInStockSubscription>().AsNoTracking().Where(s => s.Id == subscriptionId)
            .Select(s => new { s.Product!.Name, s.Product.Slug, s.Status }).FirstOrDefaultAsync(ct);
        return row is null ? null : (row.Name, row.Slug, row.Status);
    }
}
