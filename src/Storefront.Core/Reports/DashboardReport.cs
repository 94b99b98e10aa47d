using Microsoft.EntityFrameworkCore;
using Storefront.Core.Availability;
using Storefront.Core.Catalog;
using Storefront.Core.Data;
using Storefront.Core.Orders;
using Storefront.Core.Suppliers;

namespace Storefront.Core.Reports;

public sealed record BackorderedProduct(int ProductId, string Sku, string Name, int Units, long ValueAmount, string Currency);

public sealed record AgeBucket(string Label, int Lines, int Units);

public sealed record StockAlert(int ProductId, string Sku, string Name, string Slug, int OnHand, int Allocated, int Available,
    int Backordered, int LowStockThreshold, AvailabilityState State, string Badge);

/// <summary>
/// Filled backorder lines judged against the ETA promised at purchase. On time: shipped on or before
/// the promised date. Late: shipped after it, or still not shipped once it has passed. Lines filled
/// but not shipped and still within their promise are not judged yet.
/// </summary>
public sealed record EtaAccuracy(int OnTime, int Late, int Pending)
{
    public int Judged => OnTime + Late;

    /// <summary>Share on time, 0–100, or null when no filled backorder has been judged yet.</summary>
    public double? Percent => Judged == 0 ? null : 100.0 * OnTime / Judged;
}

/// <summary>
/// Active products that need stock, by what shoppers see: out of stock (nothing can be ordered),
/// on backorder (nothing on the shelf, but it sells with a date) and low stock. Each list shows the
/// first <see cref="DashboardReport.AlertLimit"/>; the counts are of every such product.
/// </summary>
/// <summary>
/// One month's shipped backorder lines from one supplier: how their actual ship dates compared with the
/// date promised at purchase (as <see cref="EtaAccuracy"/> judges them; a later date the customer
/// accepted does not make a line on time). A line counts for the supplier
/// whose delivery was received last before it was filled; <see cref="Supplier"/> is null when no
/// received delivery names one.
/// </summary>
public sealed record EtaAccuracyRow(DateOnly Month, string? Supplier, int OnTime, ReliabilityFigures Figures)
{
    public int Shipped => Figures.Receipts;
}

public sealed record StockAlerts(
    IReadOnlyList<StockAlert> OutOfStock,
    int OutOfStockCount,
    IReadOnlyList<StockAlert> OnBackorder,
    int OnBackorderCount,
    IReadOnlyList<StockAlert> LowStock,
    int LowStockCount);

public sealed record Dashboard(
    IReadOnlyList<BackorderedProduct> Backordered,
    IReadOnlyList<AgeBucket> Ages,
    StockAlerts Stock,
    EtaAccuracy EtaAccuracy,
    IReadOnlyList<EtaAccuracyRow> AccuracyByMonth)
{
    public int BackorderedUnits => Backordered.Sum(b => b.Units);
}

/// <summary>The numbers on the admin dashboard, a handful of set-based queries however big the shop.</summary>
public sealed class DashboardReport(StorefrontDbContext db, CatalogBrowser catalog, TimeProvider clock)
{
    /// <summary>Upper bounds (in whole days of age) of the histogram buckets; the last bucket is open.</summary>
    public static readonly IReadOnlyList<(string Label, int MaxDays)> AgeBuckets =
    [
        ("0–7 days", 7), ("8–14 days", 14), ("15–30 days", 30), ("31–60 days", 60), ("over 60 days", int.MaxValue),
    ];

    public const int AlertLimit = 50;

    public async Task<Dashboard> LoadAsync(CancellationToken ct = default)
    {
        var (backordered, ages) = await OpenBackordersAsync(ct);
        var stock = await StockAlertsAsync(ct);
        var accuracy = await EtaAccuracyAsync(ct);
        var byMonth = await EtaAccuracyByMonthAsync(ct);
        return new Dashboard(backordered, ages, stock, accuracy, byMonth);
    }

    /// <summary>
    /// Open backordered units and their value (at the price each customer paid) per product, and how
    /// long the open lines have waited since their order was placed. One query: a single pass over the
    /// open lines serves both.
    /// </summary>
    public async Task<(IReadOnlyList<BackorderedProduct> Products, IReadOnlyList<AgeBucket> Ages)> OpenBackordersAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Age in whole days: a line placed less than 8×24 h ago is 0–7 days old.
        var c1 = now.AddDays(-(AgeBuckets[0].MaxDays + 1));
        var c2 = now.AddDays(-(AgeBuckets[1].MaxDays + 1));
        var c3 = now.AddDays(-(AgeBuckets[2].MaxDays + 1));
        var c4 = now.AddDays(-(AgeBuckets[3].MaxDays + 1));
        // An explicit join: through the navigation, EF sums the value in a subquery per group (joining the lines twice).
        // Every backorder line has its order line (a foreign key), so the join keeps every open line for the ages too.
        var rows = await db.BackorderLines.AsNoTracking()
            .Where(b => b.Status == BackorderStatus.Open && b.Quantity > 0)
            .Join(db.OrderLines, b => b.OrderLineId, l => l.Id,
                (b, l) => new { b.ProductId, l.Sku, l.ProductName, l.Currency, b.Quantity, b.PlacedAt, Value = (long)b.Quantity * l.UnitPriceAmount })
            .GroupBy(b => new { b.ProductId, b.Sku, b.ProductName, b.Currency })
            .Select(g => new
            {
                g.Key.ProductId,
                g.Key.Sku,
                g.Key.ProductName,
                g.Key.Currency,
                Units = g.Sum(b => b.Quantity),
                Value = g.Sum(b => b.Value),
                L0 = g.Count(b => b.PlacedAt > c1),
                U0 = g.Sum(b => b.PlacedAt > c1 ? b.Quantity : 0),
                L1 = g.Count(b => b.PlacedAt <= c1 && b.PlacedAt > c2),
                U1 = g.Sum(b => b.PlacedAt <= c1 && b.PlacedAt > c2 ? b.Quantity : 0),
                L2 = g.Count(b => b.PlacedAt <= c2 && b.PlacedAt > c3),
                U2 = g.Sum(b => b.PlacedAt <= c2 && b.PlacedAt > c3 ? b.Quantity : 0),
                L3 = g.Count(b => b.PlacedAt <= c3 && b.PlacedAt > c4),
                U3 = g.Sum(b => b.PlacedAt <= c3 && b.PlacedAt > c4 ? b.Quantity : 0),
                L4 = g.Count(b => b.PlacedAt <= c4),
                U4 = g.Sum(b => b.PlacedAt <= c4 ? b.Quantity : 0),
            })
            .ToListAsync(ct);
        // A renamed product can appear under two names; the dashboard shows it once, under the newest name seen.
        IReadOnlyList<BackorderedProduct> products = [.. rows.GroupBy(r => (r.ProductId, r.Currency))
            .Select(g => new BackorderedProduct(g.Key.ProductId, g.First().Sku, g.First().ProductName, g.Sum(r => r.Units), g.Sum(r => r.Value), g.Key.Currency))
            .OrderByDescending(b => b.Units).ThenBy(b => b.Sku, StringComparer.Ordinal)];
        int[] lines = [rows.Sum(r => r.L0), rows.Sum(r => r.L1), rows.Sum(r => r.L2), rows.Sum(r => r.L3), rows.Sum(r => r.L4)];
        int[] units = [rows.Sum(r => r.U0), rows.Sum(r => r.U1), rows.Sum(r => r.U2), rows.Sum(r => r.U3), rows.Sum(r => r.U4)];
        IReadOnlyList<AgeBucket> ages = [.. AgeBuckets.Select((b, i) => new AgeBucket(b.Label, lines[i], units[i]))];
        return (products, ages);
    }

    /// <summary>
    /// Reorder alerts: active products with no more than their low-stock threshold available to new
    /// shoppers, sorted into lists by the state <see cref="AvailabilityService"/> gives them, the one shoppers
    /// see. Every candidate is evaluated, so the counts are exact. One SQL command picks the candidates'
    /// ids; their facts and the day's verdicts are the shop's own (<see cref="CatalogCache"/>, forgotten
    /// the moment a change commits, ADR 0017), so only products changed since the last look are read
    /// again (two more commands, however many).
    /// </summary>
    public async Task<StockAlerts> StockAlertsAsync(CancellationToken ct = default)
    {
        var ids = await db.Products.AsNoTracking()
            .Where(p => p.Status == ProductStatus.Active && p.Stock != null
                && (p.Stock.OnHand - p.Stock.Allocated <= p.LowStockThreshold || p.Stock.Backordered > 0))
            .Select(p => p.Id)
            .ToListAsync(ct);
        var items = await catalog.ProductsAsync(ids, ct);
        var alerts = new List<StockAlert>(items.Count);
        foreach (var (p, a) in items)
        {
            // Facts another instance changed a moment ago may lag by one poll of the change feed (ADR 0017):
            // a product the shop does not yet show as active with stock is left out, as the shop shows it.
            if (p.Stock is not { } s || p.Status != ProductStatus.Active)
            {
                continue;
            }
            alerts.Add(new StockAlert(p.Id, p.Sku, p.Name, p.Slug, s.OnHand, s.Allocated, a.Available, s.Backordered, p.LowStockThreshold, a.State, a.Badge));
        }
        // Most urgent first: least on the shelf, then the longest queue.
        var urgent = alerts.OrderBy(a => a.Available).ThenByDescending(a => a.Backordered).ThenBy(a => a.Sku, StringComparer.Ordinal).ToList();
        var outOfStock = urgent.Where(a => a.State == AvailabilityState.OutOfStock).ToList();
        var onBackorder = urgent.Where(a => a.State == AvailabilityState.Backorder).ToList();
        var lowStock = urgent.Where(a => a.State == AvailabilityState.LowStock).ToList();
        return new StockAlerts(
            [.. outOfStock.Take(AlertLimit)], outOfStock.Count,
            [.. onBackorder.Take(AlertLimit)], onBackorder.Count,
            [.. lowStock.Take(AlertLimit)], lowStock.Count);
    }

    /// <summary>Filled backorder lines against their promised ETA. One query.</summary>
    public async Task<EtaAccuracy> EtaAccuracyAsync(CancellationToken ct = default)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        // Dates compared in memory: DateOnly-versus-timestamp arithmetic differs between providers.
        var rows = await db.BackorderLines.AsNoTracking()
            .Where(b => b.Status == BackorderStatus.Filled)
            .GroupBy(b => new { b.PromisedEta, Shipped = b.ShippedAt })
            .Select(g => new { g.Key.PromisedEta, g.Key.Shipped, Count = g.Count() })
            .ToListAsync(ct);
        int onTime = 0, late = 0, pending = 0;
        foreach (var r in rows)
        {
            if (r.Shipped is { } shipped)
            {
                if (DateOnly.FromDateTime(shipped) <= r.PromisedEta)
                {
                    onTime += r.Count;
                }
                else
                {
                    late += r.Count;
                }
            }
            else if (today > r.PromisedEta)
            {
                late += r.Count;
            }
            else
            {
                pending += r.Count;
            }
        }
        return new EtaAccuracy(onTime, late, pending);
    }

    /// <summary>Months, this one included, that the promised-against-actual table covers.</summary>
    public const int AccuracyMonths = 6;

    /// <summary>
    /// Shipped backorder lines of the last <see cref="AccuracyMonths"/> months by the month they shipped
    /// and the supplier whose receipt filled them: days from the promised date to the ship date, as a
    /// supplier's receipts are judged (<see cref="ReliabilityFigures"/>). Two queries.
    /// </summary>
    public async Task<IReadOnlyList<EtaAccuracyRow>> EtaAccuracyByMonthAsync(CancellationToken ct = default)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var firstMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-(AccuracyMonths - 1));
        var since = firstMonth.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var lines = await db.BackorderLines.AsNoTracking()
            .Where(b => b.ShippedAt != null && b.ShippedAt >= since && b.FilledAt != null)
            .Select(b => new
            {
                ShippedAt = b.ShippedAt!.Value,
                Promise = b.PromisedEta,
                SupplierId = db.DeliveryReceipts
                    .Where(r => r.ProductId == b.ProductId && r.ReceivedAt <= b.FilledAt)
                    .OrderByDescending(r => r.ReceivedAt).ThenByDescending(r => r.Id)
                    .Select(r => r.SupplierId)
                    .FirstOrDefault(),
            })
            .ToListAsync(ct);
        if (lines.Count == 0)
        {
            return [];
        }
        var ids = lines.Where(l => l.SupplierId != null).Select(l => l.SupplierId!.Value).Distinct().ToList();
        var names = ids.Count == 0 ? [] : await db.Suppliers.AsNoTracking()
            .Where(s => ids.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        return [.. lines
            .GroupBy(l => (Month: new DateOnly(l.ShippedAt.Year, l.ShippedAt.Month, 1),
                Supplier: l.SupplierId is { } id ? names.GetValueOrDefault(id) : null))
            .Select(g =>
            {
                int[] daysLate = [.. g.Select(l => DateOnly.FromDateTime(l.ShippedAt).DayNumber - l.Promise.DayNumber)];
                return new EtaAccuracyRow(g.Key.Month, g.Key.Supplier, daysLate.Count(d => d <= 0), ReliabilityFigures.From(daysLate)!);
            })
            .OrderByDescending(r => r.Month)
            .ThenBy(r => r.Supplier is null)
            .ThenBy(r => r.Supplier, StringComparer.OrdinalIgnoreCase)];
    }
}
