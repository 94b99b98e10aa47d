using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Storefront.Core.Inventory;
using Storefront.Core.Reports;

namespace Storefront.Web.Areas.Admin.Pages.Backorders;

public class IndexModel(BackorderReport queue) : PageModel
{
    public const int PageLimit = 500;

    [BindProperty(SupportsGet = true)]
    public string? Sku { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? MinAgeDays { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Slipped { get; set; }

    public IReadOnlyList<BackorderReportEntry> Entries { get; private set; } = [];

    private BackorderReportFilter Filter => new(Sku: Sku, MinAgeDays: MinAgeDays is > 0 ? MinAgeDays : null, SlippedOnly: Slipped);

    public async Task OnGetAsync(CancellationToken ct) => Entries = await queue.ListAsync(Filter, ct);

    /// <summary>The whole filtered queue, not just the rows shown.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var entries = await queue.ListAsync(Filter, ct);
        return File(Encoding.UTF8.GetBytes(BackorderReport.ToCsv(entries)), "text/csv; charset=utf-8", "backorders.csv");
    }
}
