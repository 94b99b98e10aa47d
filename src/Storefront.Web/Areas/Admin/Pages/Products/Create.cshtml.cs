using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Storefront.Core.Catalog;
using Storefront.Core.Data;

namespace Storefront.Web.Areas.Admin.Pages.Products;

public class CreateModel(StorefrontDbContext db, ProductEditing editing) : PageModel
{
    [BindProperty]
    public ProductInput Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> Categories { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Categories = await ProductInput.CategoriesAsync(db, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var result = await editing.CreateAsync(Input.ToDraft(), ct);
            if (result.Succeeded)
            {
                TempData["Message"] = $"Created {Input.Sku?.Trim()}. It has no stock yet: add units on its stock page.";
                return RedirectToPage("Edit", new { id = result.ProductId });
            }
            ProductInput.AddErrors(ModelState, result.Errors);
        }
        Categories = await ProductInput.CategoriesAsync(db, ct);
        return Page();
    }
}
