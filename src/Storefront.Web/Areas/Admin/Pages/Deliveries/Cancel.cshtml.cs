using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Storefront.Core.Etas;
using Storefront.Core.Inventory;

namespace Storefront.Web.Areas.Admin.Pages.Deliveries;

public class CancelModel(Storefront.Core.Inventory.Deliveries deliveries) : DeliveryPageModel(deliveries)
{
    [BindProperty, StringLength(200), Display(Name = "Why (kept in the ETA history staff see; customers read a plain reason)")]
    public string? Reason { get; set; }

    public EtaPreview? Preview { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (Delivery.Status == DeliveryStatus.Scheduled)
        {
            Preview = await Deliveries.PreviewCancelAsync(id, ct);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var outcome = await Deliveries.CancelAsync(id, User.Identity?.Name ?? "staff", Reason, ct);
        if (!outcome.Succeeded)
        {
            outcome.Errors.ToList().ForEach(e => ModelState.AddModelError("", e));
            return Page();
        }
        TempData["Message"] = $"Delivery #{id} cancelled. {outcome.Etas?.Summary}";
        return RedirectToPage("Index", new { productId = Delivery.ProductId });
    }
}
