using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;
using Storefront.Core.Orders;

namespace Storefront.Web.Pages.Orders;

/// <summary>
/// The confirmation step of cancelling a backorder: it shows the refund, and the form carries the
/// units shown so a line that changed meanwhile (units arrived) is asked about again, not guessed.
/// </summary>
public class CancelModel(StorefrontDbContext db, OrderLookup lookup, BackorderCancellation cancellation) : PageModel
{
    public CustomerOrderRef Order { get; private set; } = null!;

    public CancellationQuote Quote { get; private set; } = null!;

    public string? Token { get; private set; }

    public string? Notice { get; private set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Range(1, int.MaxValue)]
        public int Units { get; set; }
    }

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public string? Problem { get; set; }

    public async Task<IActionResult> OnGetAsync(string number, int backorderId, string? t, CancellationToken ct)
    {
        var (found, refusal) = await lookup.FindAsync(this, number, t, ct);
        if (found is null)
        {
            return refusal!;
        }
        return await ConfirmationStepAsync(found, backorderId, t, ct);
    }

    /// <summary>
    /// The confirmation step with the refund as it stands now; a line with nothing left to cancel goes
    /// to the order page (which says why), one not on this order is a 404.
    /// </summary>
    private async Task<IActionResult> ConfirmationStepAsync(CustomerOrderRef found, int backorderId, string? t, CancellationToken ct, string? notice = null)
    {
        var quote = await cancellation.QuoteAsync(found.Id, backorderId, ct);
        if (quote is null)
        {
            if (!await db.BackorderLines.AnyAsync(b => b.Id == backorderId && b.OrderId == found.Id, ct))
            {
                return NotFound();
            }
            // Already cancelled or filled: the order page says which.
            return RedirectToPage("/Orders/Details", new { number = found.Number, t });
        }
        (Order, Quote, Token, Notice) = (found, quote, t, notice);
        ModelState.Clear();
        Input.Units = quote.OpenUnits;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string number, int backorderId, string? t, CancellationToken ct)
    {
        var (found, refusal) = await lookup.FindAsync(this, number, t, ct);
        if (found is null)
        {
            return refusal!;
        }
        if (!ModelState.IsValid)
        {
            // "-1", "0" or "abc" is never what the page offered: show it again and cancel nothing.
            return await ConfirmationStepAsync(found, backorderId, t, ct,
                "That number of units isn't one this page offered, so nothing was cancelled. Please check the refund and confirm again.");
        }
        var actor = User.Identity?.IsAuthenticated == true ? "Customer " + User.Identity.Name : "Customer (guest link)";
        var result = await cancellation.CancelAsync(found.Id, backorderId, Input.Units, actor, ct);
        switch (result.Outcome)
        {
            case CancellationOutcome.NotFound:
                return NotFound();
            case CancellationOutcome.QuantityChanged:
                return await ConfirmationStepAsync(found, backorderId, t, ct,
                    "Some of these units arrived since you opened this page, so the refund has changed. Please check it and confirm again.");
            case CancellationOutcome.Cancelled:
            case CancellationOutcome.AlreadyCancelled:
                var units = result.Units == 1 ? "1 backordered unit" : $"{result.Units} backordered units";
                var already = result.Outcome == CancellationOutcome.AlreadyCancelled ? "This backorder was already cancelled: " : "";
                if (result.Refund is { Confirmed: true } done)
                {
                    Message = $"{already}{units} cancelled. We've refunded {done.Amount}.";
                }
                else if (result.Refund is { } pending)
                {
                    Problem = $"{already}{units} cancelled. Your refund of {pending.Amount} is recorded but the payment provider didn't confirm it yet; we'll keep trying, and it will never be paid twice. You can also use \"Retry refund\" below.";
                }
                else
                {
                    Message = $"{already}{units} cancelled.";
                }
                break;
            case CancellationOutcome.NotCancellable:
                Problem = "This backorder can no longer be cancelled: its units have arrived and are on their way to you.";
                break;
        }
        return RedirectToPage("/Orders/Details", new { number = found.Number, t });
    }
}
