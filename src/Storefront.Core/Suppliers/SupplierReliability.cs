using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;
using Storefront.Core.Inventory;

namespace Storefront.Core.Suppliers;

/// <summary>One receipt of a supplier's delivery: the date it was expected and the date it came.</summary>
public class DeliveryReceipt
{
    public long Id { get; set; }
    public int DeliveryId { get; set; }
    public int? SupplierId { get; set; }
    public int ProductId { get; set; }
    public int Quantity { get; set; }

    /// <summary>The delivery's expected date when it arrived.</summary>
    public DateOnly ExpectedDate { get; set; }

    public DateOnly ReceivedOn { get; set; }
    public DateTime ReceivedAt { get; set; }

    /// <summary>Days after the expected date it came (negative: early).</summary>
    public int DaysLate { get; set; }
}

/// <summary>
/// A supplier's record over its recent receipts: how often it was on time, and how late it was at the
/// median and the 80th percentile. Percentiles are nearest-rank over the days late (early counts as
/// 0): the smallest lateness that at least that share of receipts did not exceed, so they are
/// always days that happened.
/// </summary>
public sealed record ReliabilityFigures(int Receipts, double OnTimeRate, int MedianDaysLate, int P80DaysLate)
{
    public static ReliabilityFigures? From(IReadOnlyCollection<int> daysLate)
    {
        if (daysLate.Count == 0)
        {
            return null;
        }
        var late = daysLate.Select(d => Math.Max(0, d)).Order().ToArray();
        return new ReliabilityFigures(late.Length, (double)late.Count(d => d == 0) / late.Length, NearestRank(late, 50), NearestRank(late, 80));
    }

    /// <summary>The nearest-rank percentile of sorted values: the value at rank ⌈p/100 × n⌉.</summary>
    public static int NearestRank(int[] sorted, int percentile)
    {
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}

/// <summary>A supplier as the Suppliers page lists it, with its figures (null before its first receipt).</summary>
public sealed record SupplierRecord(Supplier Supplier, ReliabilityFigures? Figures, int ScheduledDeliveries);

/// <summary>
/// Records every receipt of a delivery (expected against actual date) and keeps each supplier's
/// 80th-percentile lateness (<see cref="Supplier.LikelyLateDays"/>) current from its
/// <see cref="RecentReceipts"/> latest receipts, in the receipt's transaction.
/// </summary>
public sealed class SupplierReliability(StorefrontDbContext db)
{
    /// <summary>How many of a supplier's latest receipts its figures are measured over.</summary>
    public const int RecentReceipts = 20;

    /// <summary>
    /// Writes the receipt and refreshes the supplier's lateness; true when the lateness changed (the
    /// likely dates of its other deliveries move).
    /// </summary>
    public async Task<bool> RecordReceiptAsync(InboundDelivery delivery, int quantity, DateTime receivedAt, CancellationToken ct = default)
    {
        var receivedOn = DateOnly.FromDateTime(receivedAt);
        db.Add(new DeliveryReceipt
        {
            DeliveryId = delivery.Id,
            SupplierId = delivery.SupplierId,
            ProductId = delivery.ProductId,
            Quantity = quantity,
            ExpectedDate = delivery.ExpectedDate,
            ReceivedOn = receivedOn,
            ReceivedAt = receivedAt,
            DaysLate = receivedOn.DayNumber - delivery.ExpectedDate.DayNumber,
        });
        await db.SaveChangesAsync(ct);
        if (delivery.SupplierId is not { } supplierId)
        {
            return false;
        }
        var recent = await RecentAsync(supplierId, ct);
        var p80 = ReliabilityFigures.From(recent)?.P80DaysLate;
        var changed = await db.Suppliers.Where(s => s.Id == supplierId && (s.LikelyLateDays == null || s.LikelyLateDays != p80))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LikelyLateDays, p80), ct);
        return changed == 1;
    }

    /// <summary>Every supplier with its figures, in two SQL commands however many there are.</summary>
    public async Task<List<SupplierRecord>> ListAsync(CancellationToken ct = default)
    {
        var rows = await db.Suppliers.AsNoTracking().OrderBy(s => s.Name)
            .Select(s => new
            {
                Supplier = s,
                Late = db.Set<DeliveryReceipt>().Where(r => r.SupplierId == s.Id)
                    .OrderByDescending(r => r.ReceivedAt).ThenByDescending(r => r.Id).Take(RecentReceipts).Select(r => r.DaysLate).ToList(),
                Scheduled = db.InboundDeliveries.Count(d => d.SupplierId == s.Id && d.Status == DeliveryStatus.Scheduled),
            })
            .AsSplitQuery()
            .ToListAsync(ct);
        return rows.Select(r => new SupplierRecord(r.Supplier, ReliabilityFigures.From(r.Late), r.Scheduled)).ToList();
    }

    /// <summary>One supplier's receipts, newest first: expected against actual date.</summary>
    public Task<List<ReceiptRow>> ReceiptsAsync(int supplierId, int take = 100, CancellationToken ct = default) =>
        db.Set<DeliveryReceipt>().AsNoTracking().Where(r => r.SupplierId == supplierId)
            .OrderByDescending(r => r.ReceivedAt).ThenByDescending(r => r.Id).Take(take)
            .Select(r => new ReceiptRow(r.DeliveryId, r.Quantity, r.ExpectedDate, r.ReceivedOn, r.DaysLate,
                db.Products.Where(p => p.Id == r.ProductId).Select(p => p.Sku).FirstOrDefault() ?? ""))
            .ToListAsync(ct);

    private Task<List<int>> RecentAsync(int supplierId, CancellationToken ct) =>
        db.Set<DeliveryReceipt>().Where(r => r.SupplierId == supplierId)
            .OrderByDescending(r => r.ReceivedAt).ThenByDescending(r => r.Id).Take(RecentReceipts).Select(r => r.DaysLate).ToListAsync(ct);
}

public sealed record ReceiptRow(int DeliveryId, int Quantity, DateOnly ExpectedDate, DateOnly ReceivedOn, int DaysLate, string Sku);
