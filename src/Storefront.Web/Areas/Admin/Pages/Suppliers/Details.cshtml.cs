using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Storefront.Core.Suppliers;

namespace Storefront.Web.Areas.Admin.Pages.Suppliers;

/// <summary>One supplier's record: its figures and every recent receipt, expected against actual date.</summary>
public class DetailsModel(SupplierReliability reliability) : PageModel
{
    public SupplierRecord Record { get; private set; } = null!;

    public IReadOnlyList<ReceiptRow> Receipts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var record = (await reliability.ListAsync(ct)).FirstOrDefault(r => r.Supplier.Id == id);
        if (record is null)
        {
            return NotFound();
        }
        Record = record;
        Receipts = await reliability.ReceiptsAsync(id, ct: ct);
        return Page();
    }
}
