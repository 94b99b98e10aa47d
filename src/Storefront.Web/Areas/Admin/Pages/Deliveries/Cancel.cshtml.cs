using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Storefront.Core.Inventory;
using Storefront.Core.Etas;

namespace Storefront.Web.Areas.Admin.Pages.Deliveries;

public class CancelModel(Storefront.Core.Inventory.Deliveries deliveries) : PageModel
{
    [BindProperty, StringLength(200), Display(Name = "Why (kept in each customer's ETA history)")]
    public string? Reason { get; set; }

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
        if (delivery.Status == DeliveryStatus.Scheduled)
        {
            Preview = await deliveries.PreviewCancelAsync(id, ct);
        }
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
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var outcome = await deliveries.CancelAsync(id, User.Identity?.Name ?? "staff", Reason, ct);
        if (!outcome.Succeeded)
        {
            outcome.Errors.ToList().ForEach(e => ModelState.AddModelError("", e));
            return Page();
        }
        TempData["Message"] = $"Delivery #{id} cancelled. {outcome.Etas?.Summary}";
        return RedirectToPage("Index", new { productId = delivery.ProductId });
    }
}
