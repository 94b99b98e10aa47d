using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Catalog;
using Storefront.Core.Data;

namespace Storefront.Web.Areas.Admin.Pages.Products;

public class EditModel(StorefrontDbContext db, ProductEditing editing) : PageModel
{
    [BindProperty]
    public ProductInput Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> Categories { get; private set; } = [];

    public int ProductId { get; private set; }

    /// <summary>The product as saved, for its picture; null after a failed save.</summary>
    public Product? Current { get; private set; }

    /// <summary>After a conflict: what the other editor saved, shown beside the form.</summary>
    public Product? TheirVersion { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (product is null)
        {
            return NotFound();
        }
        ProductId = id;
        Current = product;
        Input = ProductInput.From(ProductDraft.From(product));
        Categories = await ProductInput.CategoriesAsync(db, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        ProductId = id;
        if (ModelState.IsValid)
        {
            var result = await editing.UpdateAsync(id, Input.ToDraft(), User.Identity?.Name ?? "staff", ct);
            switch (result.Outcome)
            {
                case ProductSaveOutcome.NotFound:
                    return NotFound();
                case ProductSaveOutcome.Saved:
                    TempData["Message"] = $"Saved {Input.Sku?.Trim()}.";
                    return RedirectToPage("Edit", new { id });
                case ProductSaveOutcome.Conflict:
                    TheirVersion = result.Current;
                    // Saving again now means "mine replaces theirs", knowingly: the form carries their version.
                    ModelState.Remove("Input.Version");
                    Input.Version = result.Current!.Version;
                    break;
                default:
                    ProductInput.AddErrors(ModelState, result.Errors);
                    break;
            }
        }
        Categories = await ProductInput.CategoriesAsync(db, ct);
        return Page();
    }
}
