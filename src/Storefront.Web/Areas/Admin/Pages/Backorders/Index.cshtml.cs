using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;
using Storefront.Core.Reports;

namespace Storefront.Web.Areas.Admin.Pages.Backorders;

public class IndexModel(BackorderReport queue) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Sku { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? MinAgeDays { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Slipped { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public BackorderReportPage Queue { get; private set; } = new([], 1, PageSize, 0, 0);

    private BackorderReportFilter Filter => new(Sku: Sku, MinAgeDays: MinAgeDays is > 0 ? MinAgeDays : null, SlippedOnly: Slipped);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Queue = await queue.PageAsync(Filter, PageNumber, PageSize, ct);
        PageNumber = Queue.PageNumber;
    }

    /// <summary>The whole filtered queue, not just the page shown, written as it is read.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        Response.ContentType = "text/csv; charset=utf-8";
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName("backorders.csv");
        Response.Headers.ContentDisposition = disposition.ToString();
        await using (var writer = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true))
        {
            await BackorderReport.WriteCsvAsync(queue.StreamAsync(Filter, ct), writer, ct);
        }
        return new EmptyResult();
    }
}
