using Microsoft.EntityFrameworkCore;
using Storefront.Core.Catalog;
using Storefront.Core.Data;
using Storefront.Core.Inventory;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;

namespace Storefront.Core.Planning;

/// <summary>One product's replenishment figures with the facts they were made from.</summary>
public sealed record ReplenishmentRow(
    int ProductId,
    string Sku,
    string Name,
    int? SupplierId,
    string? SupplierName,
    long? CostAmount,
    string Currency,
    PlanningInput Input,
    PlanningResult Plan)
{
    /// <summary>Value at cost of the units beyond the excess threshold (all of them for a product that does not sell); null without a cost price.</summary>
    public long? ExcessValue => CostAmount is { } cost ? cost * Plan.ExcessUnits : null;
}

/// <summary>
/// Loads what the planner needs for many products in a fixed number of set-based SQL commands
/// (products with stock, daily sales, waitlists, inbound units, each product's supplier, suppliers'
/// received deliveries), then plans each with <see cref="ReplenishmentPlanner"/>.
/// </summary>
public sealed class ReplenishmentReport(StorefrontDbContext db, TimeProvider clock)
{
    /// <summary>Deliveries received within this many days measure a supplier's lead time.</summary>
    public const int LeadTimeHistoryDays = 365;

    public static readonly OrderStatus[] SoldStatuses = [OrderStatus.Paid, OrderStatus.PartiallyShipped, OrderStatus.Shipped];

    public async Task<PlanningSettings> SettingsAsync(CancellationToken ct = default) =>
        await db.Set<PlanningSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == PlanningSettings.SingletonId, ct) ?? new PlanningSettings();

    /// <summary>Every product's plan (or only <paramref name="productIds"/>'), ordered by SKU.</summary>
    public async Task<IReadOnlyList<ReplenishmentRow>> LoadAsync(PlanningSettings settings, IReadOnlyCollection<int>? productIds = null, CancellationToken ct = default)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var start = today.AddDays(-DemandModel.WindowDays).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = today.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var ids = productIds?.ToArray();

        var products = await db.Products.AsNoTracking()
            .Where(p => ids == null || ids.Contains(p.Id))
            .OrderBy(p => p.Sku)
            .Select(p => new
            {
                p.Id, p.Sku, p.Name, p.Status, p.CostAmount, p.Currency, p.CreatedAt,
                OnHand = p.Stock == null ? 0 : p.Stock.OnHand,
                Allocated = p.Stock == null ? 0 : p.Stock.Allocated,
                Backordered = p.Stock == null ? 0 : p.Stock.Backordered,
            })
            .ToListAsync(ct);

        // Units sold a day: lines of paid orders, less what was cancelled, by the day the order was placed.
        var sales = await db.OrderLines.AsNoTracking()
            .Where(l => (ids == null || ids.Contains(l.ProductId)) && SoldStatuses.Contains(l.Order!.Status)
                && l.Order.PlacedAt >= start && l.Order.PlacedAt < end && l.Quantity > l.CancelledQuantity)
            .GroupBy(l => new { l.ProductId, Day = l.Order!.PlacedAt.Date })
            .Select(g => new { g.Key.ProductId, g.Key.Day, Units = g.Sum(l => l.Quantity - l.CancelledQuantity) })
            .ToListAsync(ct);
        var salesByProduct = sales.ToLookup(s => s.ProductId);

        var waitlists = await db.BackInStockSubscriptions.AsNoTracking()
            .Where(s => (ids == null || ids.Contains(s.ProductId)) && s.Status == BackInStockStatus.Active && s.NotifiedAt == null)
            .GroupBy(s => s.ProductId)
            .Select(g => new { ProductId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.ProductId, g => g.Count, ct);

        var inbound = await db.InboundDeliveries.AsNoTracking()
            .Where(d => (ids == null || ids.Contains(d.ProductId)) && d.Status == DeliveryStatus.Scheduled && d.Quantity > d.ReceivedQuantity)
            .GroupBy(d => d.ProductId)
            .Select(g => new { ProductId = g.Key, Units = g.Sum(d => d.Quantity - d.ReceivedQuantity) })
            .ToDictionaryAsync(g => g.ProductId, g => g.Units, ct);

        // A product is bought from the supplier of its latest delivery that names one.
        var supplierOf = await db.InboundDeliveries.AsNoTracking()
            .Where(d => (ids == null || ids.Contains(d.ProductId)) && d.SupplierId != null
                && d.Id == db.InboundDeliveries.Where(x => x.ProductId == d.ProductId && x.SupplierId != null).Max(x => x.Id))
            .Select(d => new { d.ProductId, SupplierId = d.SupplierId!.Value })
            .ToDictionaryAsync(d => d.ProductId, d => d.SupplierId, ct);

        var suppliers = await db.Suppliers.AsNoTracking().Select(s => new { s.Id, s.Name, s.LeadTimeDays }).ToDictionaryAsync(s => s.Id, ct);
        var leadTimes = await LeadTimesAsync(settings, ct);

        var rows = new List<ReplenishmentRow>(products.Count);
        foreach (var p in products)
        {
            var productSales = salesByProduct[p.Id].ToDictionary(s => DateOnly.FromDateTime(s.Day), s => s.Units);
            var days = DemandModel.DaysObserved(DateOnly.FromDateTime(p.CreatedAt), productSales.Count > 0 ? productSales.Keys.Min() : null, today);
            var series = new int[days];
            for (var i = 0; i < days; i++)
            {
                series[i] = productSales.GetValueOrDefault(today.AddDays(i - days));
            }
            int? supplierId = supplierOf.TryGetValue(p.Id, out var sid) ? sid : null;
            var lead = supplierId is { } s && leadTimes.TryGetValue(s, out var measured) ? measured
                : LeadTime.Choose([], supplierId is { } s2 && suppliers.TryGetValue(s2, out var sup) ? sup.LeadTimeDays : null, settings.DefaultLeadTimeDays);
            var input = new PlanningInput(p.OnHand, p.Allocated, p.Backordered, inbound.GetValueOrDefault(p.Id), waitlists.GetValueOrDefault(p.Id),
                DemandModel.Estimate(series), lead, p.Status == ProductStatus.Discontinued);
            rows.Add(new ReplenishmentRow(p.Id, p.Sku, p.Name, supplierId, supplierId is { } s3 && suppliers.TryGetValue(s3, out var named) ? named.Name : null,
                p.CostAmount, p.Currency, input, ReplenishmentPlanner.Plan(input, settings)));
        }
        return rows;
    }

    /// <summary>
    /// Each supplier's lead time: measured from its deliveries received in the last year (created →
    /// received, in days), else the lead time it states, else the store default.
    /// </summary>
    public async Task<Dictionary<int, LeadTime>> LeadTimesAsync(PlanningSettings settings, CancellationToken ct = default)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-LeadTimeHistoryDays);
        var received = await db.InboundDeliveries.AsNoTracking()
            .Where(d => d.SupplierId != null && d.Status == DeliveryStatus.Received && d.ReceivedAt != null && d.ReceivedAt >= since)
            .Select(d => new { SupplierId = d.SupplierId!.Value, d.CreatedAt, ReceivedAt = d.ReceivedAt!.Value })
            .ToListAsync(ct);
        var measured = received.ToLookup(r => r.SupplierId, r => Math.Max(0, (r.ReceivedAt - r.CreatedAt).TotalDays));
        var suppliers = await db.Suppliers.AsNoTracking().Select(s => new { s.Id, s.LeadTimeDays }).ToListAsync(ct);
        return suppliers.ToDictionary(s => s.Id, s => LeadTime.Choose([.. measured[s.Id]], s.LeadTimeDays, settings.DefaultLeadTimeDays));
    }
}
