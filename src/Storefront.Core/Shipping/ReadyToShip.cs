using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Storefront.Core.Data;
using Storefront.Core.Orders;

namespace Storefront.Core.Shipping;

/// <summary>One order that can go out today: what leaves now, and for whom.</summary>
public sealed record ReadyOrder(int OrderId, string Number, DateTime PlacedAt, string Email, string ShippingName,
    string City, string Country, ShippingChoice Choice, int UnitsNow, int UnitsToFollow);

public sealed record ReadyPage(IReadOnlyList<ReadyOrder> Orders, int Page, int PageSize, int Total)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>One order of a bulk shipment: its form key (made when the page rendered) and its parcel's tracking number.</summary>
public sealed record BulkShipItem(int OrderId, string ShipmentKey, string TrackingNumber);

public sealed record BulkShipResult(int OrderId, string Number, ShipResult Result);

/// <summary>
/// The orders staff can pack now, oldest first, and shipping several of them at once. An order is
/// ready when it is paid, has allocated units whose release day has come, and the customer's choice
/// lets them go: a split order ships what is on the shelf; an order the customer wants in one parcel
/// (ship together, or one shipment) waits until nothing of it is backordered or not yet released
/// (the rule <see cref="Parcels"/> states for the pages). Each order ships through
/// <see cref="ShippingService"/>, so its email, ledger rows and status are those of the order page.
/// </summary>
public sealed class ReadyToShip(StorefrontDbContext db, TimeProvider clock, IServiceScopeFactory scopes, ILogger<ReadyToShip> log)
{
    public const int PageSize = 50;

    /// <summary>The most orders one bulk submit ships; the page never offers more than a page of them.</summary>
    public const int MaxBulk = 100;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Ready orders, oldest placed first; the page is clamped to the pages there are.</summary>
    public async Task<ReadyPage> PageAsync(int page, CancellationToken ct = default)
    {
        var query = Ready(Today);
        var total = await query.CountAsync(ct);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var today = Today;
        var rows = await query
            .OrderBy(o => o.PlacedAt).ThenBy(o => o.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(o => new ReadyOrder(o.Id, o.Number, o.PlacedAt, o.Email, o.ShippingName, o.City, o.Country, o.ShippingChoice,
                o.Lines.Where(l => l.ReleaseDate == null || l.ReleaseDate <= today).Sum(l => l.AllocatedQuantity),
                o.Lines.Sum(l => l.BackorderedQuantity) + o.Lines.Where(l => l.ReleaseDate > today).Sum(l => l.AllocatedQuantity)))
            .ToListAsync(ct);
        return new ReadyPage(rows, page, PageSize, total);
    }

    /// <summary>Whether <paramref name="orderId"/> is ready now (one indexed query).</summary>
    public Task<bool> IsReadyAsync(int orderId, CancellationToken ct = default) => Ready(Today).AnyAsync(o => o.Id == orderId, ct);

    /// <summary>
    /// Ships each order through <see cref="ShippingService"/> in its own scope and transaction, with
    /// one carrier for all and each parcel's tracking number: a refused or failing order is reported
    /// and the others still ship. A split order ships what is released; any other order ships whole.
    /// </summary>
    public async Task<IReadOnlyList<BulkShipResult>> ShipAsync(IReadOnlyList<BulkShipItem> items, string carrier, string actor, CancellationToken ct = default)
    {
        if (items.Count > MaxBulk)
        {
            throw new ArgumentOutOfRangeException(nameof(items), $"At most {MaxBulk} orders ship at once.");
        }
        var ids = items.Select(i => i.OrderId).Distinct().ToList();
        var orders = await db.Orders.AsNoTracking().Where(o => ids.Contains(o.Id))
            .Select(o => new { o.Id, o.Number }).ToDictionaryAsync(o => o.Id, o => o.Number, ct);
        var results = new List<BulkShipResult>();
        foreach (var item in items.DistinctBy(i => i.OrderId))
        {
            if (!orders.TryGetValue(item.OrderId, out var number))
            {
                results.Add(new(item.OrderId, "", new ShipResult(ShipOutcome.NotFound, null, ["There is no such order."])));
                continue;
            }
            results.Add(new(item.OrderId, number, await ShipOneAsync(item, number, carrier, actor, ct)));
        }
        return results;
    }

    private async Task<ShipResult> ShipOneAsync(BulkShipItem item, string number, string carrier, string actor, CancellationToken ct)
    {
        // A fresh scope per order: one order's failed transaction leaves nothing tracked for the next.
        await using var scope = scopes.CreateAsyncScope();
        var orderDb = scope.ServiceProvider.GetRequiredService<StorefrontDbContext>();
        var shipping = scope.ServiceProvider.GetRequiredService<ShippingService>();
        try
        {
            var today = Today;
            var choice = await orderDb.Orders.AsNoTracking().Where(o => o.Id == item.OrderId).Select(o => o.ShippingChoice).SingleAsync(ct);
            // A form submitted twice finds its shipment even though the order is no longer ready.
            if (!await Ready(orderDb, today).AnyAsync(o => o.Id == item.OrderId, ct)
                && !await orderDb.Shipments.AnyAsync(s => s.ShipmentKey == item.ShipmentKey, ct))
            {
                return ShipResult.Invalid($"Order {number} has nothing that can ship now; reload the list.");
            }
            IReadOnlyList<ShipLineRequest>? lines = null;
            if (choice == ShippingChoice.Split)
            {
                lines = await orderDb.OrderLines.AsNoTracking()
                    .Where(l => l.OrderId == item.OrderId && l.AllocatedQuantity > 0 && (l.ReleaseDate == null || l.ReleaseDate <= today))
                    .Select(l => new ShipLineRequest(l.Id, l.AllocatedQuantity)).ToListAsync(ct);
            }
            return await shipping.ShipAsync(new ShipRequest(item.OrderId, item.ShipmentKey, carrier, item.TrackingNumber, actor, lines), ct);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or TimeoutException)
        {
            log.LogError(e, "Bulk shipping could not ship order {OrderNumber}", number);
            return ShipResult.Invalid($"Order {number} could not be shipped just now; nothing of it changed. Please try it again.");
        }
    }

    private IQueryable<Order> Ready(DateOnly today) => Ready(db, today);

    /// <summary>The ready rule as one query, so the list pages in SQL.</summary>
    private static IQueryable<Order> Ready(StorefrontDbContext db, DateOnly today) =>
        db.Orders.AsNoTracking()
            .Where(o => o.Status == OrderStatus.Paid || o.Status == OrderStatus.PartiallyShipped)
            .Where(o => o.Lines.Any(l => l.AllocatedQuantity > 0 && (l.ReleaseDate == null || l.ReleaseDate <= today)))
            .Where(o => o.ShippingChoice == ShippingChoice.Split
                || !o.Lines.Any(l => l.BackorderedQuantity > 0 || (l.AllocatedQuantity > 0 && l.ReleaseDate > today)));
}
