using System.Globalization;
using System.Runtime.CompilerServices;
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
    DateOnly? ReleaseDate = null,
    ConsentState Consent = ConsentState.NotNeeded,
    DateTime? ConsentDeadline = null,
    DateTime? PinnedAt = null,
    DateTime? HeldAt = null)
{
    public Money Value => new(ValueAmount, Currency);

    /// <summary>Days the current ETA is later than the promise (negative: earlier).</summary>
    public int DaysSlipped => CurrentEta.DayNumber - PromisedEta.DayNumber;

    /// <summary>Sold as a pre-order (its release day is set): staff see it as one, not as a backorder.</summary>
    public bool IsPreOrder => ReleaseDate is not null;
}

/// <summary>One page of the filtered queue, oldest first, with the totals of every line the filter matches.</summary>
public sealed record BackorderReportPage(IReadOnlyList<BackorderReportEntry> Entries, int PageNumber, int PageSize, int TotalLines, int TotalUnits)
{
    public int PageCount => Math.Max(1, (TotalLines + PageSize - 1) / PageSize);
}

/// <summary>
/// The backorder queue: every open line with its queue position (the position of its last unit,
/// counted oldest first within its product), age, promised and current ETA and value. Read-only.
/// Pages cost two SQL commands however long the queue; the whole queue is streamed, never held.
/// </summary>
public sealed class BackorderReport(StorefrontDbContext db, TimeProvider clock)
{
    public const string CsvHeader = "sku,product,order,order_status,customer,quantity,position,placed_at,age_days,promised_eta,current_eta,days_slipped,value,currency";

    /// <summary>
    /// The lines whose positions count each other: open, of the product or SKU asked for. Lines
    /// waiting at least <see cref="BackorderReportFilter.MinAgeDays"/> can be cut here too, since
    /// every line ahead of one in its queue was placed no later.
    /// </summary>
    private IQueryable<BackorderLine> Queue(BackorderReportFilter filter)
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
        return query;
    }

    private static IQueryable<BackorderLine> OldEnough(IQueryable<BackorderLine> query, BackorderReportFilter filter, DateTime now)
    {
        if (filter.MinAgeDays is { } min and > 0)
        {
            // Age in whole days, as AgeDays counts it: at least min days means placed min×24 h ago or earlier.
            // An age longer than the calendar reaches back matches nothing, rather than failing the page.
            var placedBy = min >= (now - DateTime.MinValue).TotalDays ? DateTime.MinValue : now.AddDays(-min);
            query = query.Where(l => l.PlacedAt <= placedBy);
        }
        return query;
    }

    /// <summary>The matching lines, oldest first, in pages of <paramref name="pageSize"/> (a page past the end shows the last).</summary>
    public async Task<BackorderReportPage> PageAsync(BackorderReportFilter filter, int pageNumber, int pageSize, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var now = clock.GetUtcNow().UtcDateTime;
        var queue = Queue(filter);
        var matching = OldEnough(queue, filter, now);
        if (filter.SlippedOnly)
        {
            matching = matching.Where(l => l.CurrentEta > l.PromisedEta);
        }
        var totals = await matching.GroupBy(_ => 1).Select(g => new { Lines = g.Count(), Units = g.Sum(l => l.Quantity) }).FirstOrDefaultAsync(ct);
        var lines = totals?.Lines ?? 0;
        var page = Math.Clamp(pageNumber, 1, Math.Max(1, (lines + pageSize - 1) / pageSize));
        if (lines == 0)
        {
            return new BackorderReportPage([], page, pageSize, 0, 0);
        }
        // A line's position: the units of its queue placed before it (ties broken by id), its own included.
        // Queue order (QueueOrder): held lines last, then pinned lines by pin time, then oldest first.
        var rows = await matching
            .InQueueOrder()
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(l => new Row(
                l.Id, l.ProductId, l.OrderLine!.Sku, l.OrderLine.ProductName, l.OrderId, l.Order!.Number, l.Order.Status, l.Order.Email,
                l.Quantity, l.PlacedAt, l.PromisedEta, l.CurrentEta, l.OrderLine.UnitPriceAmount, l.OrderLine.Currency, l.OrderLine.ReleaseDate,
                queue.Where(m => m.ProductId == l.ProductId && (
                    (m.HeldAt == null && l.HeldAt != null)
                    || ((m.HeldAt == null) == (l.HeldAt == null) && (
                        (m.PinnedAt != null && l.PinnedAt == null)
                        || (m.PinnedAt != null && l.PinnedAt != null && (m.PinnedAt < l.PinnedAt || (m.PinnedAt == l.PinnedAt && (m.PlacedAt < l.PlacedAt || (m.PlacedAt == l.PlacedAt && m.Id <= l.Id)))))
                        || (m.PinnedAt == null && l.PinnedAt == null && (m.PlacedAt < l.PlacedAt || (m.PlacedAt == l.PlacedAt && m.Id <= l.Id)))))))
                    .Sum(m => m.Quantity),
                l.Consent, l.ConsentDeadline, l.PinnedAt, l.HeldAt))
            .ToListAsync(ct);
        return new BackorderReportPage([.. rows.Select(r => Entry(r, r.Position, now))], page, pageSize, lines, totals!.Units);
    }

    /// <summary>
    /// Every matching line, oldest first, read from the database as it is enumerated: memory holds
    /// one running position per product, not the lines. Positions are the same as <see cref="PageAsync"/>'s.
    /// </summary>
    public async IAsyncEnumerable<BackorderReportEntry> StreamAsync(BackorderReportFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var positions = new Dictionary<int, int>();
        var rows = OldEnough(Queue(filter), filter, now)
            .InQueueOrder()
            .Select(l => new Row(
                l.Id, l.ProductId, l.OrderLine!.Sku, l.OrderLine.ProductName, l.OrderId, l.Order!.Number, l.Order.Status, l.Order.Email,
                l.Quantity, l.PlacedAt, l.PromisedEta, l.CurrentEta, l.OrderLine.UnitPriceAmount, l.OrderLine.Currency, l.OrderLine.ReleaseDate, 0,
                l.Consent, l.ConsentDeadline, l.PinnedAt, l.HeldAt))
            .AsAsyncEnumerable();
        await foreach (var r in rows.WithCancellation(ct))
        {
            // Queue order overall is queue order within each product: every line ahead of this one has been counted.
            var position = positions[r.ProductId] = positions.GetValueOrDefault(r.ProductId) + r.Quantity;
            if (filter.SlippedOnly && r.CurrentEta <= r.PromisedEta)
            {
                continue;
            }
            yield return Entry(r, position, now);
        }
    }

    /// <summary>Every matching line, oldest first, in a list (for callers that need them all at once).</summary>
    public async Task<IReadOnlyList<BackorderReportEntry>> ListAsync(BackorderReportFilter filter, CancellationToken ct = default)
    {
        var entries = new List<BackorderReportEntry>();
        await foreach (var e in StreamAsync(filter, ct))
        {
            entries.Add(e);
        }
        return entries;
    }

    private sealed record Row(
        int Id, int ProductId, string Sku, string ProductName, int OrderId, string Number, OrderStatus Status, string Email,
        int Quantity, DateTime PlacedAt, DateOnly PromisedEta, DateOnly CurrentEta, long UnitPriceAmount, string Currency, DateOnly? ReleaseDate,
        int Position, ConsentState Consent, DateTime? ConsentDeadline, DateTime? PinnedAt, DateTime? HeldAt);

    private static BackorderReportEntry Entry(Row r, int position, DateTime now) =>
        new(r.Id, r.ProductId, r.Sku, r.ProductName, r.OrderId, r.Number, r.Status, r.Email,
            r.Quantity, position, r.PlacedAt, (int)Math.Max(0, (now - r.PlacedAt).TotalDays), r.PromisedEta, r.CurrentEta,
            r.UnitPriceAmount * r.Quantity, r.Currency, r.ReleaseDate, r.Consent, r.ConsentDeadline, r.PinnedAt, r.HeldAt);

    /// <summary>
    /// Writes the lines as CSV (RFC 4180, invariant culture, money in major units with its currency)
    /// as they come, flushing every <paramref name="flushEvery"/> lines, so a long queue is never held in memory.
    /// </summary>
    public static async Task WriteCsvAsync(IAsyncEnumerable<BackorderReportEntry> entries, TextWriter writer, CancellationToken ct = default, int flushEvery = 500)
    {
        await writer.WriteAsync(CsvHeader + "\r\n");
        var written = 0;
        await foreach (var e in entries.WithCancellation(ct))
        {
            await writer.WriteAsync(CsvLine(e));
            if (++written % flushEvery == 0)
            {
                await writer.FlushAsync(ct);
            }
        }
        await writer.FlushAsync(ct);
    }

    /// <summary>One line of the CSV, with its line break.</summary>
    public static string CsvLine(BackorderReportEntry e)
    {
        var fields = new[]
        {
            e.Sku, e.ProductName, e.OrderNumber, e.OrderStatus.ToString(), e.CustomerEmail,
            Num(e.Quantity), Num(e.Position), e.PlacedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), Num(e.AgeDays),
            DateText.Iso(e.PromisedEta), DateText.Iso(e.CurrentEta), Num(e.DaysSlipped), Major(e.Value), e.Currency,
        };
        return string.Join(',', fields.Select(Escape)) + "\r\n";
    }

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Major(Money m) =>
        m.ToDecimal().ToString("F" + Money.MinorDigits(m.Currency).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    // Quote when needed; a leading =, +, - or @ is defused so a spreadsheet does not run it as a formula.
    internal static string Escape(string value)
    {
        if (value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal) && !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
