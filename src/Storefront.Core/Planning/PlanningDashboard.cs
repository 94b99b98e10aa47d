using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;
using Storefront.Core.Inventory;
using Storefront.Core.Orders;

namespace Storefront.Core.Planning;

/// <summary>A top seller's shelf against its reorder point, for the dashboard's chart.</summary>
public sealed record TopSeller(int ProductId, string Sku, string Name, int UnitsSold, int OnHand, int Available, int ReorderPoint, ReplenishmentStatus Status);

/// <summary>The planning figures on the staff dashboard.</summary>
public sealed record PlanningTiles(
    int StockOutDays,
    int ProductsStockedOut,
    long ExcessValue,
    string Currency,
    int ExcessProducts,
    int ExcessWithoutCost,
    int UncoveredBackorderedUnits,
    IReadOnlyList<TopSeller> TopSellers);

/// <summary>
/// The dashboard's planning tiles, totalled in SQL: a fixed number of commands however big the shop
/// (the products behind each figure are never all read). The demand and excess rules are the
/// planner's (<see cref="DemandModel"/>, <see cref="ReplenishmentPlanner.ExcessUnits"/>).
/// </summary>
public sealed class PlanningDashboard(StorefrontDbContext db, ReplenishmentReport report, TimeProvider clock)
{
    public const int StockOutWindowDays = 30;
    public const int TopSellerCount = 8;

    public async Task<PlanningTiles> LoadAsync(CancellationToken ct = default)
    {
        var settings = await report.SettingsAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var end = today.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var since = end.AddDays(-StockOutWindowDays);
        var sold = ReplenishmentReport.SoldStatuses;

        // A stock-out day: a day a shopper met an empty shelf for the product, because they
        // backordered it or asked to be told when it is back.
        // Counted in SQL: only the two totals leave the database, not every product-day.
        var stockOuts = await db.BackorderLines.AsNoTracking()
            .Where(b => b.PlacedAt >= since)
            .Select(b => new { b.ProductId, Day = b.PlacedAt.Date })
            .Union(db.BackInStockSubscriptions.AsNoTracking()
                .Where(s => s.CreatedAt >= since)
                .Select(s => new { s.ProductId, Day = s.CreatedAt.Date }))
            .GroupBy(_ => 1)
            .Select(g => new { Days = g.Count(), Products = g.Select(d => d.ProductId).Distinct().Count() })
            .FirstOrDefaultAsync(ct);

        // Excess: the shelf beyond the cover threshold, valued at cost, from the same demand figure the planner uses.
        var start = end.AddDays(-DemandModel.WindowDays);
        var recentStart = end.AddDays(-DemandModel.RecentDays);
        var candidates = await db.Products.AsNoTracking()
            .Where(p => p.Stock != null && p.Stock.OnHand - p.Stock.Allocated > 0)
            .Select(p => new
            {
                Cost = p.CostAmount,
                p.Currency,
                p.CreatedAt,
                Shelf = p.Stock!.OnHand - p.Stock.Allocated,
                Recent = db.OrderLines.Where(l => l.ProductId == p.Id && sold.Contains(l.Order!.Status) && l.Order.PlacedAt >= recentStart && l.Order.PlacedAt < end)
                    .Sum(l => (int?)(l.Quantity - l.CancelledQuantity)) ?? 0,
                Older = db.OrderLines.Where(l => l.ProductId == p.Id && sold.Contains(l.Order!.Status) && l.Order.PlacedAt >= start && l.Order.PlacedAt < recentStart)
                    .Sum(l => (int?)(l.Quantity - l.CancelledQuantity)) ?? 0,
                FirstSale = db.OrderLines.Where(l => l.ProductId == p.Id && sold.Contains(l.Order!.Status) && l.Order.PlacedAt >= start && l.Order.PlacedAt < end
                        && l.Quantity > l.CancelledQuantity)
                    .Min(l => (DateTime?)l.Order!.PlacedAt),
            })
            .ToListAsync(ct);
        var currency = candidates.GroupBy(c => c.Currency).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault() ?? "USD";
        long excessValue = 0;
        int excessProducts = 0, withoutCost = 0;
        foreach (var c in candidates)
        {
            var days = DemandModel.DaysObserved(DateOnly.FromDateTime(c.CreatedAt), c.FirstSale is { } f ? DateOnly.FromDateTime(f) : null, today);
            var units = ReplenishmentPlanner.ExcessUnits(c.Shelf, DemandModel.Mean(c.Recent, c.Older, days), settings);
            if (units <= 0)
            {
                continue;
            }
            excessProducts++;
            if (c.Cost is not { } cost)
            {
                withoutCost++;
            }
            else if (c.Currency == currency)
            {
                excessValue += units * cost;
            }
        }

        // Backordered units no purchase order line is bringing.
        var uncovered = await db.Stock.AsNoTracking()
            .Where(s => s.Backordered > 0)
            .Select(s => s.Backordered - (db.InboundDeliveries
                .Where(d => d.ProductId == s.ProductId && d.PurchaseOrderId != null && d.Status == DeliveryStatus.Scheduled)
                .Sum(d => (int?)(d.Quantity - d.ReceivedQuantity)) ?? 0))
            .Where(units => units > 0)
            .SumAsync(ct);

        var top = await db.OrderLines.AsNoTracking()
            .Where(l => sold.Contains(l.Order!.Status) && l.Order.PlacedAt >= since && l.Quantity > l.CancelledQuantity)
            .GroupBy(l => l.ProductId)
            .Select(g => new { ProductId = g.Key, Units = g.Sum(l => l.Quantity - l.CancelledQuantity) })
            .OrderByDescending(g => g.Units).ThenBy(g => g.ProductId)
            .Take(TopSellerCount)
            .ToListAsync(ct);
        var plans = top.Count == 0 ? [] : await report.LoadAsync(settings, [.. top.Select(t => t.ProductId)], ct);
        var byId = plans.ToDictionary(p => p.ProductId);
        var sellers = top.Where(t => byId.ContainsKey(t.ProductId)).Select(t =>
        {
            var r = byId[t.ProductId];
            return new TopSeller(r.ProductId, r.Sku, r.Name, t.Units, r.Input.OnHand, Math.Max(0, r.Input.OnHand - r.Input.Allocated), r.Plan.ReorderPoint, r.Plan.Status);
        }).ToList();

        return new PlanningTiles(stockOuts?.Days ?? 0, stockOuts?.Products ?? 0, excessValue, currency, excessProducts, withoutCost, uncovered, sellers);
    }
}
