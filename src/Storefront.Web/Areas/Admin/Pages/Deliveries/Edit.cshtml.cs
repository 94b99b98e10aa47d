using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Storefront.Core.Inventory;
using Storefront.Core.Etas;

namespace Storefront.Web.Areas.Admin.Pages.Deliveries;

public class EditModel(Storefront.Core.Inventory.Deliveries deliveries) : PageModel
{
    public sealed class InputModel
    {
        [Range(1, Storefront.Core.Inventory.Deliveries.MaxQuantity)]
        public int Quantity { get; set; }

        [Required, DataType(DataType.Date), Display(Name = "Expected date")]
        public DateOnly? ExpectedDate { get; set; }

        [StringLength(100), Display(Name = "Supplier reference")]
        public string? SupplierReference { get; set; }

        [StringLength(200), Display(Name = "Why (kept in each customer's ETA history)")]
        public string? Reason { get; set; }

        public bool Confirmed { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public InboundDelivery Delivery { get; private set; } = null!;

    public EtaPreview? Preview { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var delivery = await deliveries.FindAsync(id, ct);
        if (delivery is null)
        {
            return NotFound();
        }
        Delivery = delivery;
        Input = new InputModel { Quantity = delivery.Quantity, ExpectedDate = delivery.ExpectedDate, SupplierReference = delivery.SupplierReference };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var delivery = await deliveries.FindAsync(id, ct);
        if (delivery is null)
        {
            return NotFound();
        }
        Delivery = delivery;
        if (delivery.Status != DeliveryStatus.Scheduled)
        {
            ModelState.AddModelError("", $"This delivery is {delivery.Status.ToString().ToLowerInvariant()} and can no longer be changed.");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var input = new DeliveryInput(Input.Quantity, Input.ExpectedDate!.Value, Input.SupplierReference);
        foreach (var error in deliveries.Validate(input, delivery.ReceivedQuantity, delivery.ExpectedDate))
        {
            ModelState.AddModelError("", error);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        if (!Input.Confirmed)
        {
            Preview = await deliveries.PreviewEditAsync(id, input, ct);
            return Page();
        }
        var outcome = await deliveries.EditAsync(id, input, User.Identity?.Name ?? "staff", Input.Reason, ct);
        if (!outcome.Succeeded)
        {
            outcome.Errors.ToList().ForEach(e => ModelState.AddModelError("", e));
            return Page();
        }
        TempData["Message"] = $"Delivery #{id} saved. {outcome.Etas?.Summary}";
        return RedirectToPage("Index", new { productId = delivery.ProductId });
    }
}
