using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Storefront.Core.Common;
using Storefront.Core.Data;
using Storefront.Core.Orders;
using Storefront.Core.Orders.Delays;

namespace Storefront.Core.Notifications;

/// <summary>Settings of the periodic customer updates ("Notifications" section).</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>A paid order with open backorders hears from us at least this often while it waits.</summary>
    public int StillOnItsWayDays { get; set; } = 14;

    /// <summary>How often the background job looks for orders that are due an update.</summary>
    public TimeSpan StillOnItsWayCheckInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// "Still on its way" updates for long waits: a paid order with an open backorder line gets one when
/// it has waited <see cref="NotificationOptions.StillOnItsWayDays"/> days since it was placed or since
/// its last such update. The outbox itself is the record of the last update (kind
/// <see cref="MessageKinds.StillOnItsWay"/>, with the order id), so no column tracks it. Orders whose
/// lines were all filled or cancelled have no open line and are never picked.
/// </summary>
public sealed class StillOnItsWayReminders(
    StorefrontDbContext db,
    Outbox outbox,
    CustomerMessages messages,
    TimeProvider clock,
    IOptions<NotificationOptions> options,
    ILogger<StillOnItsWayReminders> logger)
{
    public const int BatchSize = 200;

    /// <summary>Writes every update that is due now; returns how many.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        var days = Math.Max(1, options.Value.StillOnItsWayDays);
        var now = clock.GetUtcNow().UtcDateTime;
        var due = now.AddDays(-days);
        var total = 0;
        while (true)
        {
            var orders = await db.Orders.AsNoTracking()
                .Where(o => (o.Status == OrderStatus.Paid || o.Status == OrderStatus.PartiallyShipped)
                    && db.BackorderLines.Any(l => l.OrderId == o.Id && l.Status == BackorderStatus.Open && l.Quantity > 0 && l.PlacedAt <= due)
                    && !db.OutboxMessages.Any(m => m.OrderId == o.Id && m.Kind == MessageKinds.StillOnItsWay && m.CreatedAt > due))
                .OrderBy(o => o.Id)
                .Select(o => new { o.Id, o.Number, o.Email, o.PlacedAt, o.ShippingName, o.AddressLine1, o.AddressLine2, o.City, o.PostalCode, o.Country })
                .Take(BatchSize)
                .ToListAsync(ct);
            if (orders.Count == 0)
            {
                return total;
            }
            var ids = orders.Select(o => o.Id).ToList();
            var open = (await db.BackorderLines.AsNoTracking()
                    .Where(l => ids.Contains(l.OrderId) && l.Status == BackorderStatus.Open && l.Quantity > 0)
                    .OrderBy(l => l.OrderLineId)
                    .Select(l => new { l.Id, l.Consent, l.OrderId, l.OrderLine!.ProductName, l.Quantity, l.CurrentEta, l.OrderLine.ReleaseDate, l.OrderLine.UnitPriceAmount, l.OrderLine.Currency })
                    .ToListAsync(ct))
                .ToLookup(l => l.OrderId);
            foreach (var order in orders)
            {
                var items = open[order.Id].Select(l => new WaitingItem(l.ProductName, l.Quantity, l.CurrentEta, l.ReleaseDate, new Money(l.UnitPriceAmount, l.Currency),
                    // Only a line with a delay to answer has a keep/cancel page that acts (Orders/Delay).
                    l.Consent == ConsentState.NotNeeded ? null : l.Id)).ToList();
                // Sends are at least `days` apart, so the period number grows with each one: two
                // instances picking the same order at once write the same key, and one insert fails.
                var period = (int)((now - order.PlacedAt).TotalDays / days);
                outbox.Enqueue(MessageKinds.StillOnItsWay, order.Email, messages.StillOnItsWay(order.Number, order.PlacedAt, items, now, MailLayout.Address(order.ShippingName, order.AddressLine1, order.AddressLine2, order.City, order.PostalCode, order.Country)),
                    order.Id, $"still-on-its-way:{order.Number}:{days}d:{period}");
            }
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex)
            {
                // Another instance wrote some of this batch first; the next run picks up whatever is still due.
                logger.LogInformation(ex, "Another instance wrote \"still on its way\" updates at the same time; stopping this run");
                db.ChangeTracker.Clear();
                return total;
            }
            db.ChangeTracker.Clear();
            total += orders.Count;
        }
    }
}
