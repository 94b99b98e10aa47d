using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Storefront.Core.Inventory;

namespace Storefront.Web.Areas.Admin.Pages.Deliveries;

public class ReceiveModel(Storefront.Core.Inventory.Deliveries deliveries, Receiving receiving) : DeliveryPageModel(deliveries)
{
    /// <summary>What the result page shows after the redirect (post-redirect-get: a refresh never receives twice).</summary>
    public sealed record ReceiptSummary(int Received, int Outstanding, int OnHand, int Available, int Backordered, int EtasMoved, List<FilledOrder> Filled);

    [BindProperty, Range(1, Receiving.MaxQuantity), Display(Name = "Units received")]
    public int Quantity { get; set; }

    [TempData]
    public string? Receipt { get; set; }

    public ReceiptSummary? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Quantity = Delivery.Outstanding;
        if (Receipt is not null)
        {
            Result = JsonSerializer.Deserialize<ReceiptSummary>(Receipt);
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
        var outcome = await receiving.ReceiveDeliveryAsync(id, Quantity, User.Identity?.Name ?? "staff", ct);
        if (outcome.Result is not { } r)
        {
            outcome.Errors.ToList().ForEach(e => ModelState.AddModelError("", e));
            return Page();
        }
        Receipt = JsonSerializer.Serialize(new ReceiptSummary(r.Received, r.DeliveryOutstanding, r.Stock.OnHand, r.Stock.Available,
            r.Stock.Backordered, r.Etas.LinesMoved, r.Filled.ToList()));
        return RedirectToPage(new { id });
    }
}
