using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Storefront.Core.Orders.Delays;
using Storefront.Core.Suppliers;

namespace Storefront.Web.Areas.Admin.Pages.Suppliers;

/// <summary>Every supplier with its measured record: on-time rate, median and 80th-percentile lateness over its recent receipts.</summary>
public class IndexModel(SupplierReliability reliability, IOptions<BackorderOptions> options) : PageModel
{
    public IReadOnlyList<SupplierRecord> Suppliers { get; private set; } = [];

    public QuotedDate Quoted => options.Value.QuotedDate;

    [Microsoft.AspNetCore.Mvc.TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Suppliers = await reliability.ListAsync(ct);
}
