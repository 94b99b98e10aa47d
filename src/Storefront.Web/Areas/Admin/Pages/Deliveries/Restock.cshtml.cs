using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Catalog;
using Storefront.Core.Data;
using Storefront.Core.Etas;
using Storefront.Core.Inventory;

namespace Storefront.Web.Areas.Admin.Pages.Deliveries;

/// <summary>The staff's restock date for a product (used beyond its scheduled deliveries), with an ETA preview.</summary>
public class RestockModel(StorefrontDbContext db, EtaRecalculation etas, Storefront.Core.Inventory.Deliveries deliveries, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        [DataType(DataType.Date), Display(Name = "Restock date (empty: none)")]
        public DateOnly? Date { get; set; }

        [Display(Name = "Note (kept in the ETA history staff see; customers read a plain reason)")]
        public string? Note { get; set; }

        public bool Confirmed { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Product Product { get; private set; } = null!;

    public EtaPreview? Preview { get; private set; }

    public async Task<IActionResult> OnGetAsync(int productId, CancellationToken ct)
    {
        if (!await LoadAsync(productId, ct))
        {
            return NotFound();
        }
        Input = new InputModel { Date = Product.RestockDate, Note = Product.RestockNote };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int productId, CancellationToken ct)
    {
        if (!await LoadAsync(productId, ct))
        {
            return NotFound();
        }
        // The product form's rules; the date already stored may be kept while the note changes.
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        foreach (var error in RestockDateRules.Validate(Input.Date, Input.Note, today, stored: Product.RestockDate))
        {
            ModelState.AddModelError(error.Field == RestockDateRules.DateField ? "Input.Date" : "Input.Note", error.Message);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        if (!Input.Confirmed)
        {
            Preview = await etas.PreviewRestockChangeAsync(productId, Input.Date, ct);
            return Page();
        }
        var saved = await deliveries.SetRestockDateAsync(productId, Input.Date, Input.Note, User.Identity?.Name ?? "staff", ct);
        if (saved.Result == RestockResult.NotFound)
        {
            return NotFound();
        }
        if (saved.Result == RestockResult.Invalid)
        {
            foreach (var error in saved.Errors)
            {
                ModelState.AddModelError("", error);
            }
            return Page();
        }
        TempData["Message"] = $"Restock date of {Product.Sku} saved. {saved.Etas!.Summary}";
        return RedirectToPage("Index", new { productId });
    }

    private async Task<bool> LoadAsync(int productId, CancellationToken ct)
    {
        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == productId, ct);
        Product = product!;
        return product is not null;
    }
}
