using Microsoft.EntityFrameworkCore;
using Storefront.Core.Common;
using Storefront.Core.Data;
using Storefront.Core.Inventory;
using Storefront.Core.Orders;
using Storefront.Core.Orders.Delays;
using Storefront.Core.Shipping;

namespace Storefront.Core.Notifications;

/// <summary>
/// Writes the "backorder filled" and "ETA changed" emails to the outbox inside the caller's
/// transaction: one email per order per event, listing every line of that order the event touched.
/// Only paid orders hear about it; an order still waiting for payment gets the current state in its
/// confirmation instead. Set-based like the fills themselves: a few chunked queries and one
/// SaveChanges however many lines moved.
/// </summary>
public sealed class BackorderNotices(StorefrontDbContext db, Outbox outbox, CustomerMessages messages, TimeProvider clock)
{
    // Ids go as one array parameter per chunk (EF.Parameter): a thousand separate parameters bind slowly on SQLite.
    private const int Chunk = 1000;

    private sealed record LineInfo(int BackorderLineId, int OrderId, string Number, string Email, string ProductName, int FilledQuantity, int OpenQuantity,
        DateOnly? ReleaseDate, ShippingChoice Choice, Money UnitPrice);

    /// <summary>One "ships soon" email per paid order among <paramref name="filled"/>. Returns how many were written.</summary>
    public async Task<int> FilledAsync(IReadOnlyList<FilledBackorder> filled, CancellationToken ct = default)
    {
        if (filled.Count == 0)
        {
            return 0;
        }
        var info = await LinesAsync(filled.Select(f => f.BackorderLineId).Distinct(), ct);
        var parcels = await OneParcelDatesAsync(info.Values, ct);
        var address = await AddressesAsync(info.Values.Select(i => i.OrderId).Distinct(), ct);
        var written = new List<OutboxMessage>();
        foreach (var order in filled.Where(f => info.ContainsKey(f.BackorderLineId)).GroupBy(f => f.OrderId))
        {
            var first = info[order.First().BackorderLineId];
            var items = order.GroupBy(f => (info[f.BackorderLineId].ProductName, info[f.BackorderLineId].ReleaseDate, info[f.BackorderLineId].UnitPrice))
                .Select(g => new OrderItem(g.Key.ProductName, g.Sum(f => f.Quantity), g.Key.ReleaseDate, g.Key.UnitPrice)).ToList();
            // A line's filled total only grows, so (line, filled total) names this fill and no other.
            var key = $"backorder-filled:{first.Number}:{first.BackorderLineId}.{first.FilledQuantity}";
            written.Add(outbox.Create(MessageKinds.BackorderFilled, first.Email, messages.BackorderFilled(first.Number, items, parcels.GetValueOrDefault(first.OrderId), address.GetValueOrDefault(first.OrderId)), first.OrderId, key));
        }
        await outbox.InsertAsync(written, ct);
        return written.Count;
    }

    /// <summary>
    /// One "ETA changed" email per paid order among the (saved) <paramref name="changes"/> of one
    /// recalculation, which is also the delay notice for the lines the consent rule decided on
    /// (<paramref name="consents"/>): the new date, why, and "Keep my order" / "Cancel for a full
    /// refund" links, in the same single email. Returns how many were written.
    /// </summary>
    public async Task<int> EtasChangedAsync(IReadOnlyList<EtaChange> changes, IReadOnlyDictionary<int, ConsentDecision>? consents = null, CancellationToken ct = default)
    {
        var notify = consents?.Where(c => c.Value.Notify).ToDictionary(c => c.Key, c => c.Value) ?? [];
        if (changes.Count == 0 && notify.Count == 0)
        {
            return 0;
        }
        var info = await LinesAsync(changes.Select(c => c.BackorderLineId).Concat(notify.Keys).Distinct(), ct);
        var parcels = await OneParcelDatesAsync(info.Values, ct);
        var address = await AddressesAsync(info.Values.Select(i => i.OrderId).Distinct(), ct);
        var written = new List<OutboxMessage>();
        var byOrder = changes.Select(c => c.BackorderLineId).Concat(notify.Keys).Distinct()
            .Where(info.ContainsKey).GroupBy(id => info[id].OrderId);
        foreach (var order in byOrder)
        {
            var first = info[order.First()];
            var orderChanges = changes.Where(c => info.TryGetValue(c.BackorderLineId, out var i) && i.OrderId == order.Key).OrderBy(c => c.Id).ToList();
            var moves = orderChanges
                .Select(c => new EtaMove(info[c.BackorderLineId].ProductName, info[c.BackorderLineId].OpenQuantity, c.OldEta, c.NewEta, c.CustomerReason, info[c.BackorderLineId].ReleaseDate, c.BackorderLineId, info[c.BackorderLineId].UnitPrice)).ToList();
            var asks = order.Where(notify.ContainsKey).Select(id =>
            {
                var line = info[id];
                var decision = notify[id];
                var reason = orderChanges.FirstOrDefault(c => c.BackorderLineId == id)?.CustomerReason
                    ?? "No shipment we know of covers this item yet, so we can't give you a date";
                return new DelayAsk(id, line.Number, line.Email, line.ProductName, line.OpenQuantity, decision.Eta,
                    decision.After.Consent == ConsentState.Required ? decision.After.Deadline : null, line.UnitPrice, reason);
            }).ToList();
            // The first change row's id names this recalculation for this order: a second change is a second email.
            var key = orderChanges.Count > 0
                ? $"eta-changed:{first.Number}:{orderChanges.Min(c => c.Id)}"
                : $"delay:{first.Number}:{order.Min()}:{asks.Max(a => a.Deadline ?? DateTime.MinValue).Ticks}:{asks.Count}";
            written.Add(outbox.Create(MessageKinds.EtaChanged, first.Email,
                messages.EtaChanged(first.Number, moves, parcels.GetValueOrDefault(first.OrderId), asks, address.GetValueOrDefault(first.OrderId)), first.OrderId, key));
        }
        await outbox.InsertAsync(written, ct);
        return written.Count;
    }

    /// <summary>The shipping address of each order, as the customer typed it, one line.</summary>
    private async Task<Dictionary<int, string>> AddressesAsync(IEnumerable<int> orderIds, CancellationToken ct)
    {
        var result = new Dictionary<int, string>();
        foreach (var ids in orderIds.Chunk(Chunk))
        {
            var rows = await db.Orders.AsNoTracking().Where(o => EF.Parameter(ids).Contains(o.Id))
                .Select(o => new { o.Id, o.ShippingName, o.AddressLine1, o.AddressLine2, o.City, o.PostalCode, o.Country })
                .ToListAsync(ct);
            foreach (var o in rows)
            {
                result[o.Id] = MailLayout.Address(o.ShippingName, o.AddressLine1, o.AddressLine2, o.City, o.PostalCode, o.Country);
            }
        }
        return result;
    }

    /// <summary>
    /// For the orders among <paramref name="lines"/> whose customer chose one parcel: the day it now
    /// ships by (the rule is <see cref="Parcels"/>), read after the change this notice reports.
    /// </summary>
    private async Task<Dictionary<int, DateOnly?>> OneParcelDatesAsync(IEnumerable<LineInfo> lines, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var result = new Dictionary<int, DateOnly?>();
        foreach (var ids in lines.Where(l => l.Choice == ShippingChoice.Together).Select(l => l.OrderId).Distinct().Chunk(Chunk))
        {
            var orders = await db.Orders.AsNoTracking().AsSplitQuery()
                .Where(o => EF.Parameter(ids).Contains(o.Id))
                .Include(o => o.Lines).ThenInclude(l => l.Backorders.Where(b => b.Status == BackorderStatus.Open))
                .ToListAsync(ct);
            foreach (var order in orders)
            {
                // Only while something is still backordered is there a "rest" for the parcel to wait for.
                result[order.Id] = Parcels.HeldForTheRest(order) ? Parcels.OneParcelBy(order, today) : null;
            }
        }
        return result;
    }

    /// <summary>The lines' orders and names, paid orders only (Paid or PartiallyShipped).</summary>
    private async Task<Dictionary<int, LineInfo>> LinesAsync(IEnumerable<int> backorderLineIds, CancellationToken ct)
    {
        var result = new Dictionary<int, LineInfo>();
        foreach (var ids in backorderLineIds.Chunk(Chunk))
        {
            var rows = await db.BackorderLines.AsNoTracking()
                .Where(l => EF.Parameter(ids).Contains(l.Id) && (l.Order!.Status == OrderStatus.Paid || l.Order.Status == OrderStatus.PartiallyShipped))
                .Select(l => new { l.Id, l.OrderId, l.Order!.Number, l.Order.Email, l.OrderLine!.ProductName, l.FilledQuantity, l.Quantity, l.OrderLine.ReleaseDate, l.Order.ShippingChoice, l.OrderLine.UnitPriceAmount, l.OrderLine.Currency })
                .ToListAsync(ct);
            foreach (var r in rows)
            {
                result[r.Id] = new LineInfo(r.Id, r.OrderId, r.Number, r.Email, r.ProductName, r.FilledQuantity, r.Quantity, r.ReleaseDate, r.ShippingChoice, new Money(r.UnitPriceAmount, r.Currency));
            }
        }
        return result;
    }
}
