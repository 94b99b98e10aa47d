using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;
using Storefront.Core.Planning;

namespace Storefront.Web.Areas.Admin.Pages.Replenishment;

/// <summary>
/// What to order now, grouped by supplier, each suggestion editable and explained; one click turns
/// a supplier's selected lines into a purchase order. Other views list excess and unsold stock.
/// </summary>
public class IndexModel(ReplenishmentReport report, Storefront.Core.Planning.PurchaseOrders orders, TimeProvider clock) : PageModel
{
    /// <summary>Lines shown per supplier: a purchase order has at most this many.</summary>
    public const int MaxGroupLines = Storefront.Core.Planning.PurchaseOrders.MaxLines;

    public sealed record SupplierGroup(int? SupplierId, string Name, IReadOnlyList<ReplenishmentRow> Rows, int Total);

    public sealed class LineInput
    {
        public int ProductId { get; set; }
        public bool Selected { get; set; }
        public int Quantity { get; set; }
        public DateOnly ExpectedDate { get; set; }
    }

    [BindProperty(SupportsGet = true, Name = "show")]
    public string Show { get; set; } = "order";

    public PlanningSettings Settings { get; private set; } = new();
    public IReadOnlyList<ReplenishmentRow> Rows { get; private set; } = [];
    public IReadOnlyList<SupplierGroup> Groups { get; private set; } = [];
    public int OrderNowCount { get; private set; }
    public int ExcessCount { get; private set; }
    public int NoSalesCount { get; private set; }
    public long ExcessValue { get; private set; }
    public int WithoutCost { get; private set; }

    /// <summary>Errors of a refused purchase order, shown on its supplier's group.</summary>
    public int? FailedGroup { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(int? supplierId, string? supplierName, string? note, List<LineInput> lines, CancellationToken ct)
    {
        var chosen = (lines ?? []).Where(l => l.Selected).Select(l => new PurchaseOrderLineInput(l.ProductId, l.Quantity, l.ExpectedDate)).ToList();
        var outcome = await orders.CreateAsync(supplierId, supplierName, chosen, note, User.Identity?.Name ?? "staff", ct);
        if (outcome.Succeeded)
        {
            TempData["Message"] = $"Purchase order {outcome.Order!.Number} created with {chosen.Count} line{(chosen.Count == 1 ? "" : "s")}; {outcome.EtasMoved} backorder ETA{(outcome.EtasMoved == 1 ? "" : "s")} moved.";
            return RedirectToPage("/PurchaseOrders/Details", new { id = outcome.Order.Id });
        }
        Show = "order";
        FailedGroup = supplierId ?? 0;
        Errors = outcome.Errors;
        await LoadAsync(ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>Every product's figures, as the inventory API gives them.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var rows = await report.LoadAsync(await report.SettingsAsync(ct), ct: ct);
        Response.ContentType = "text/csv; charset=utf-8";
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName("replenishment.csv");
        Response.Headers.ContentDisposition = disposition.ToString();
        await using (var writer = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true))
        {
            await writer.WriteAsync(ReplenishmentItem.CsvHeader + "\r\n");
            foreach (var row in rows)
            {
                await writer.WriteAsync(ReplenishmentItem.From(row).CsvLine());
            }
            await writer.FlushAsync(ct);
        }
        return new EmptyResult();
    }

    /// <summary>The date a line is expected if ordered today: today plus the supplier's lead time.</summary>
    public DateOnly DefaultExpected(ReplenishmentRow row) => Today.AddDays(Math.Max(1, (int)Math.Ceiling(row.Plan.LeadTimeDays)));

    private async Task LoadAsync(CancellationToken ct)
    {
        Settings = await report.SettingsAsync(ct);
        var all = await report.LoadAsync(Settings, ct: ct);
        OrderNowCount = all.Count(r => r.Plan.Status == ReplenishmentStatus.OrderNow);
        ExcessCount = all.Count(r => r.Plan.Status == ReplenishmentStatus.Excess);
        NoSalesCount = all.Count(r => r.Plan.Status == ReplenishmentStatus.NoSales);
        ExcessValue = all.Sum(r => r.ExcessValue ?? 0);
        WithoutCost = all.Count(r => r.Plan.ExcessUnits > 0 && r.CostAmount is null);
        Show = Show is "excess" or "nosales" ? Show : "order";
        if (Show == "order")
        {
            Groups = [.. all.Where(r => r.Plan.Status == ReplenishmentStatus.OrderNow)
                .GroupBy(r => (r.SupplierId, r.SupplierName))
                .OrderBy(g => g.Key.SupplierId is null).ThenBy(g => g.Key.SupplierName, StringComparer.OrdinalIgnoreCase)
                .Select(g => new SupplierGroup(g.Key.SupplierId, g.Key.SupplierName ?? "No supplier yet",
                    [.. g.OrderByDescending(r => r.Input.Backordered).ThenBy(r => r.Plan.Position - r.Plan.ReorderPoint).Take(MaxGroupLines)], g.Count()))];
        }
        else
        {
            var status = Show == "excess" ? ReplenishmentStatus.Excess : ReplenishmentStatus.NoSales;
            Rows = [.. all.Where(r => r.Plan.Status == status).OrderByDescending(r => r.ExcessValue ?? 0).ThenByDescending(r => r.Plan.ExcessUnits)];
        }
    }
}
