using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Storefront.Core.Etas;
using Storefront.Core.Inventory;

namespace Storefront.Web.Areas.Admin.Pages.Deliveries;

public class EditModel(Storefront.Core.Inventory.Deliveries deliveries) : DeliveryPageModel(deliveries)
{
    public sealed class InputModel
    {
        [Range(1, Storefront.Core.Inventory.Deliveries.MaxQuantity)]
        public int Quantity { get; set; }

        [Required, DataType(DataType.Date), Display(Name = "Expected date")]
        public DateOnly? ExpectedDate { get; set; }

        [StringLength(100), Display(Name = "Supplier reference")]
        public string? SupplierReference { get; set; }

        /// <summary>The supplier's name as staff type it: an existing one is found whatever the case, a new one is added.</summary>
        [StringLength(Storefront.Core.Suppliers.Supplier.NameMaxLength), Display(Name = "Supplier")]
        public string? Supplier { get; set; }

        [StringLength(Storefront.Core.Inventory.Deliveries.ReasonMaxLength), Display(Name = "Why (kept in the ETA history staff see; customers read a plain reason)")]
        public string? Reason { get; set; }

        public bool Confirmed { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public EtaPreview? Preview { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Input = new InputModel { Quantity = Delivery.Quantity, ExpectedDate = Delivery.ExpectedDate, SupplierReference = Delivery.SupplierReference, Supplier = Delivery.Supplier?.Name };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (Delivery.Status != DeliveryStatus.Scheduled)
        {
            ModelState.AddModelError("", $"This delivery is {Delivery.Status.ToString().ToLowerInvariant()} and can no longer be changed.");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var input = new DeliveryInput(Input.Quantity, Input.ExpectedDate!.Value, Input.SupplierReference, Input.Supplier ?? "");
        foreach (var error in Deliveries.Validate(input, Delivery.ReceivedQuantity, Delivery.ExpectedDate))
        {
            ModelState.AddModelError("", error);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        if (!Input.Confirmed)
        {
            Preview = await Deliveries.PreviewEditAsync(id, input, ct);
            return Page();
        }
        var outcome = await Deliveries.EditAsync(id, input, User.Identity?.Name ?? "staff", Input.Reason, ct);
        if (!outcome.Succeeded)
        {
            outcome.Errors.ToList().ForEach(e => ModelState.AddModelError("", e));
            return Page();
        }
        TempData["Message"] = $"Delivery #{id} saved. {outcome.Etas?.Summary}";
        return RedirectToPage("Index", new { productId = Delivery.ProductId });
    }
}
