using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Common;
using Storefront.Core.Data;
using Storefront.Core.Inventory;
using Storefront.Core.Orders;

namespace Storefront.Core.Reports;

/// <summary>Which open backorder lines to list. Positions always count the product's whole queue.</summary>
public sealed record BackorderReportFilter(int? ProductId = null, string? Sku = null, int? MinAgeDays = null, bool SlippedOnly = false);

/// <summary>One open backorder line as staff and ERP systems see it.</summary>
public sealed record BackorderReportEntry(
    int BackorderLineId,
    int ProductId,
    string Sku,
    string ProductName,
    int OrderId,
    string OrderNumber,
    OrderStatus OrderStatus,
    string CustomerEmail,
    int Quantity,
    int Position,
    DateTime PlacedAt,
    int AgeDays,
    DateOnly PromisedEta,
    DateOnly CurrentEta,
    long ValueAmount,
    string Currency,
    DateOnly? ReleaseDate = null)
{
    public Money Value => new(ValueAmount, Currency);

    /// <summary>Days the current ETA is later than the promise (negative: earlier).</summary>
    public int DaysSlipped => CurrentEta.DayNumber - PromisedEta.DayNumber;

    /// <summary>Sold as a pre-order (its release day is set): staff see it as one, not as a backorder.</summary>
    public bool IsPreOrder => ReleaseDate is not null;
}

/// <summary>
/// The backorder queue: every open line with its queue position (the position of its last unit,
/// counted oldest first within its product), age, promised and current ETA and value. Read-only.
/// </summary>
public sealed class BackorderReport(StorefrontDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<BackorderReportEntry>> ListAsync(BackorderReportFilter filter, CancellationToken ct = default)
    {
        var query = db.BackorderLines.AsNoTracking().Where(l => l.Status == BackorderStatus.Open && l.Quantity > 0);
        if (filter.ProductId is { } productId)
        {
            query = query.Where(l => l.ProductId == productId);
        }
        if (!string.IsNullOrWhiteSpace(filter.Sku))
        {
            var sku = filter.Sku.Trim();
            query = query.Where(l => l.OrderLine!.Sku == sku);
        }
        // One query; positions need each product's queue from the front, so age and slip filter afterwards.
        var rows = await query
            .OrderBy(l => l.ProductId).ThenBy(l => l.PlacedAt).ThenBy(l => l.Id)
            .Select(l => new
            {
                l.Id, l.ProductId, l.OrderLine!.Sku, l.OrderLine.ProductName, l.OrderId, l.Order!.Number, l.Order.Status, l.Order.Email,
                l.Quantity, l.PlacedAt, l.PromisedEta, l.CurrentEta, l.OrderLine.UnitPriceAmount, l.OrderLine.Currency, l.OrderLine.ReleaseDate,
            })
            .ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var entries = new List<BackorderReportEntry>(rows.Count);
        var product = -1;
        var position = 0;
        foreach (var r in rows)
        {
            if (r.ProductId != product)
            {
                product = r.ProductId;
                position = 0;
            }
            position += r.Quantity;
            entries.Add(new BackorderReportEntry(r.Id, r.ProductId, r.Sku, r.ProductName, r.OrderId, r.Number, r.Status, r.Email,
                r.Quantity, position, r.PlacedAt, (int)Math.Max(0, (now - r.PlacedAt).TotalDays), r.PromisedEta, r.CurrentEta,
                r.UnitPriceAmount * r.Quantity, r.Currency, r.ReleaseDate));
        }
        return entries
            .Where(e => filter.MinAgeDays is not { } min || e.AgeDays >= min)
            .Where(e => !filter.SlippedOnly || e.CurrentEta > e.PromisedEta)
            .OrderBy(e => e.PlacedAt).ThenBy(e => e.BackorderLineId)
            .ToList();
    }

    /// <summary>The queue as CSV (RFC 4180, invariant culture, money in major units with its currency).</summary>
    public static string ToCsv(IEnumerable<BackorderReportEntry> entries)
    {
        var csv = new StringBuilder();
        csv.Append("sku,product,order,order_status,customer,quantity,position,placed_at,age_days,promised_eta,current_eta,days_slipped,value,currency\r\n");
        foreach (var e in entries)
        {
            var fields = new[]
            {
                e.Sku, e.ProductName, e.OrderNumber, e.OrderStatus.ToString(), e.CustomerEmail,
                Num(e.Quantity), Num(e.Position), e.PlacedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), Num(e.AgeDays),
                DateText.Iso(e.PromisedEta), DateText.Iso(e.CurrentEta), Num(e.DaysSlipped), Major(e.Value), e.Currency,
            };
            csv.AppendJoin(',', fields.Select(Escape)).Append("\r\n");
        }
        return csv.ToString();
    }

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Major(Money m) =>
        m.ToDecimal().ToString("F" + Money.MinorDigits(m.Currency).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    // Quote when needed; a leading =, +, - or @ is defused so a spreadsheet does not run it as a formula.
    private static string Escape(string value)
    {
        if (value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal) && !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
