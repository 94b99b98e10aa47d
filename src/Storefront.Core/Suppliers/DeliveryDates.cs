using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Storefront.Core.Data;
using Storefront.Core.Inventory;
using Storefront.Core.Orders.Delays;

namespace Storefront.Core.Suppliers;

/// <summary>A delivery still expected, at the date the store counts on (see <see cref="DeliveryDates"/>).</summary>
public readonly record struct ExpectedDelivery(int ProductId, int DeliveryId, DateOnly ExpectedDate, int Outstanding);

/// <summary>
/// The one home of the date the store counts on for a scheduled delivery: the supplier's date, or,
/// with <c>Backorders:QuotedDate = LikelyDate</c>, the likely date (the supplier's date plus its
/// measured 80th-percentile lateness, <see cref="Supplier.LikelyLateDays"/>). Shoppers' quotes, the
/// promised ETA of new backorder lines and every recalculation of the queue read deliveries here.
/// </summary>
public sealed class DeliveryDates(StorefrontDbContext db, IOptions<BackorderOptions> options)
{
    public bool QuotesLikelyDates => options.Value.QuotedDate == QuotedDate.LikelyDate;

    /// <summary>The scheduled deliveries with units outstanding of the products <paramref name="ofProducts"/> selects, in one SQL command.</summary>
    public async Task<List<ExpectedDelivery>> ScheduledWhereAsync(Expression<Func<InboundDelivery, bool>> ofProducts, CancellationToken ct = default)
    {
        var scheduled = db.InboundDeliveries.AsNoTracking()
            .Where(ofProducts)
            .Where(d => d.Status == DeliveryStatus.Scheduled && d.Quantity > d.ReceivedQuantity);
        List<ExpectedDelivery> rows;
        if (QuotesLikelyDates)
        {
            var raw = await scheduled
                .Select(d => new { d.ProductId, d.Id, d.ExpectedDate, Outstanding = d.Quantity - d.ReceivedQuantity, Late = d.Supplier != null ? d.Supplier.LikelyLateDays : null })
                .ToListAsync(ct);
            rows = raw.ConvertAll(r => new ExpectedDelivery(r.ProductId, r.Id, Likely(r.ExpectedDate, r.Late), r.Outstanding));
        }
        else
        {
            rows = await scheduled.Select(d => new ExpectedDelivery(d.ProductId, d.Id, d.ExpectedDate, d.Quantity - d.ReceivedQuantity)).ToListAsync(ct);
        }
        // Sorted here rather than in SQL: the likely date is only known here, and for the thousands of
        // deliveries the dashboard reads, sorting in SQL costs more than the query (a temporary B-tree).
        rows.Sort(static (a, b) => a.ExpectedDate != b.ExpectedDate ? a.ExpectedDate.CompareTo(b.ExpectedDate) : a.DeliveryId.CompareTo(b.DeliveryId));
        return rows;
    }

    /// <summary>The date counted on for a delivery due <paramref name="expected"/> from a supplier late by <paramref name="lateDays"/> (80th percentile).</summary>
    public DateOnly CountedOn(DateOnly expected, int? lateDays) => QuotesLikelyDates ? Likely(expected, lateDays) : expected;

    private static DateOnly Likely(DateOnly expected, int? lateDays) =>
        lateDays is { } days && days > 0 && expected.DayNumber <= DateOnly.MaxValue.DayNumber - days ? expected.AddDays(days) : expected;

    /// <summary>One product's deliveries as the ETA recalculation plans with them.</summary>
    public async Task<List<Etas.DeliveryPlan>> PlansAsync(int productId, CancellationToken ct = default) =>
        (await ScheduledWhereAsync(d => d.ProductId == productId, ct))
            .Select(d => new Etas.DeliveryPlan(d.DeliveryId, d.ExpectedDate, d.Outstanding)).ToList();
}
