using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Storefront.Core.Planning;

namespace Storefront.Web.Areas.Admin.Pages.PurchaseOrders;

/// <summary>
/// One purchase order: each line edited, received or cancelled on its own (as its delivery), or the
/// whole order cancelled. Every change redirects back here (post-redirect-get) with what it did.
/// </summary>
public class DetailsModel(Storefront.Core.Planning.PurchaseOrders orders) : PageModel
{
    public PurchaseOrder Order { get; private set; } = null!;

    [TempData]
    public string? Message { get; set; }

    public IReadOnlyList<string> Errors { get; private set; } = [];

    /// <summary>The line a refused change was about, so its error shows beside it.</summary>
    public int? ErrorLine { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostEditAsync(int id, int line, int quantity, DateOnly expectedDate, CancellationToken ct) =>
        RunAsync(id, line, () => orders.EditLineAsync(id, line, quantity, expectedDate, Actor, ct), o => $"Line changed; {Etas(o.EtasMoved)}.", ct);

    public Task<IActionResult> OnPostReceiveAsync(int id, int line, int quantity, CancellationToken ct) =>
        RunAsync(id, line, async () =>
        {
            var (outcome, receipt) = await orders.ReceiveLineAsync(id, line, quantity, Actor, ct);
            if (receipt is not null)
            {
                Message = $"Received {receipt.Received} of {receipt.Sku}; {receipt.FilledUnits} unit{(receipt.FilledUnits == 1 ? "" : "s")} went to waiting backorders; {Etas(outcome.EtasMoved)}.";
            }
            return outcome;
        }, null, ct);

    public Task<IActionResult> OnPostCancelLineAsync(int id, int line, CancellationToken ct) =>
        RunAsync(id, line, () => orders.CancelLineAsync(id, line, Actor, ct), o => $"Line cancelled; {Etas(o.EtasMoved)}.", ct);

    public Task<IActionResult> OnPostCancelAsync(int id, string? reason, CancellationToken ct) =>
        RunAsync(id, null, () => orders.CancelAsync(id, Actor, reason, ct), o => $"Purchase order cancelled; {Etas(o.EtasMoved)}.", ct);

    private string Actor => User.Identity?.Name ?? "staff";

    private static string Etas(int moved) => $"{moved} backorder ETA{(moved == 1 ? "" : "s")} moved";

    private async Task<IActionResult> RunAsync(int id, int? line, Func<Task<PurchaseOrderOutcome>> change, Func<PurchaseOrderOutcome, string>? message, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (line is { } l && Order.Lines.All(x => x.Id != l))
        {
            return NotFound();
        }
        var outcome = await change();
        if (!outcome.Succeeded)
        {
            Errors = outcome.Errors;
            ErrorLine = line;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (message is not null)
        {
            Message = message(outcome);
        }
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var order = await orders.FindAsync(id, ct);
        if (order is null)
        {
            return false;
        }
        Order = order;
        return true;
    }
}
