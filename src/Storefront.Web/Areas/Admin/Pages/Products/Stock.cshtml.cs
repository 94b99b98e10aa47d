using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Catalog;
using Storefront.Core.Data;
using Storefront.Core.Inventory;

namespace Storefront.Web.Areas.Admin.Pages.Products;

/// <summary>A product's stock figures, a manual adjustment form and its ledger.</summary>
public class StockModel(StorefrontDbContext db, StockAdjustments adjustments) : PageModel
{
    [BindProperty]
    public AdjustmentInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public Product Product { get; private set; } = null!;

    public StockSummary Summary { get; private set; } = null!;

    public LedgerPage Ledger { get; private set; } = null!;

    public class AdjustmentInput
    {
        [Display(Name = "Change in units")]
        [Required(ErrorMessage = "Enter how many units to add (for example 5) or remove (for example -2).")]
        public int? Quantity { get; set; }

        [Display(Name = "Reason")]
        public string? Reason { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var actor = User.Identity?.Name ?? "unknown staff";
            var result = await adjustments.AdjustAsync(id, Input.Quantity!.Value, Input.Reason, actor, ct);
            if (result.Outcome == AdjustmentOutcome.NotFound)
            {
                return NotFound();
            }
            if (result.Succeeded)
            {
                var served = result.Filled.Sum(f => f.Quantity);
                TempData["Message"] = served > 0
                    ? $"Stock changed by {Input.Quantity:+#;-#}. {served} unit(s) went to {result.Filled.Count} waiting backorder line(s), oldest first."
                    : $"Stock changed by {Input.Quantity:+#;-#}.";
                return RedirectToPage("Stock", new { id });
            }
            ModelState.AddModelError(result.Outcome == AdjustmentOutcome.Refused ? "Input.Quantity" : "", result.Error!);
        }
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        var summary = product is null ? null : await adjustments.SummaryAsync(id, ct);
        if (product is null || summary is null)
        {
            return false;
        }
        Product = product;
        Summary = summary;
        Ledger = await adjustments.LedgerAsync(id, PageNumber, ct: ct);
        PageNumber = Ledger.Page;
        return true;
    }
}
