using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Catalog;
using Storefront.Core.Data;
using Storefront.Core.Etas;
using Storefront.Core.Inventory;

namespace Storefront.Web.Areas.Admin.Pages.Deliveries;

public class CreateModel(StorefrontDbContext db, Storefront.Core.Inventory.Deliveries deliveries, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        [Required, Display(Name = "Product")]
        public int? ProductId { get; set; }

        [Range(1, Storefront.Core.Inventory.Deliveries.MaxQuantity)]
        public int Quantity { get; set; }

        [Required, DataType(DataType.Date), Display(Name = "Expected date")]
        public DateOnly? ExpectedDate { get; set; }

        [StringLength(100), Display(Name = "Supplier reference")]
        public string? SupplierReference { get; set; }

        /// <summary>The supplier's name as staff type it: an existing one is found whatever the case, a new one is added.</summary>
        [StringLength(Storefront.Core.Suppliers.Supplier.NameMaxLength), Display(Name = "Supplier")]
        public string? Supplier { get; set; }

        /// <summary>Set by the confirmation step, after staff saw the ETA preview.</summary>
        public bool Confirmed { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public EtaPreview? Preview { get; private set; }

    public IReadOnlyList<Product> Products { get; private set; } = [];

    public async Task OnGetAsync(int? productId, CancellationToken ct)
    {
        Input.ProductId = productId;
        Input.ExpectedDate = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(14);
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var input = new DeliveryInput(Input.Quantity, Input.ExpectedDate!.Value, Input.SupplierReference, Input.Supplier);
        foreach (var error in deliveries.Validate(input))
        {
            ModelState.AddModelError("", error);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        if (!Input.Confirmed)
        {
            Preview = await deliveries.PreviewCreateAsync(Input.ProductId!.Value, input, ct);
            return Page();
        }
        var outcome = await deliveries.CreateAsync(Input.ProductId!.Value, input, User.Identity?.Name ?? "staff", ct);
        if (!outcome.Succeeded)
        {
            outcome.Errors.ToList().ForEach(e => ModelState.AddModelError("", e));
            return Page();
        }
        TempData["Message"] = $"Delivery #{outcome.Delivery!.Id} scheduled. {outcome.Etas?.Summary}";
        return RedirectToPage("Index", new { productId = Input.ProductId });
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Products = await db.Products.AsNoTracking().OrderBy(p => p.Sku).ToListAsync(ct);
}
