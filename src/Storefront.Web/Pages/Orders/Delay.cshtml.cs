using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;
using Storefront.Core.Orders.Delays;
using Storefront.Web.Checkout;

namespace Storefront.Web.Pages.Orders;

/// <summary>
/// Where a delay email's links land: the delayed line, its new date and why, and the two answers,
/// "Keep my order" and "Cancel for a full refund". A GET only shows (mail scanners fetch links);
/// only the form's POST acts, once: a replayed link or a second click shows the recorded answer.
/// Reached with the email's signed link for this line and answer, the order's own link, or by the
/// signed-in owner.
/// </summary>
public class DelayModel(StorefrontDbContext db, OrderAccess access, DelayConsent consent) : PageModel
{
    public Order Order { get; private set; } = null!;

    public BackorderLine Line { get; private set; } = null!;

    public string ProductName { get; private set; } = "";

    /// <summary>Why the date moved, in customers' words (the latest change), or null.</summary>
    public string? Reason { get; private set; }

    public DelayAnswer Suggested { get; private set; }

    public string KeepToken { get; private set; } = "";

    public string CancelToken { get; private set; } = "";

    public string OrderToken { get; private set; } = "";

    /// <summary>The line's last recorded answer, for a link used before.</summary>
    public BackorderEvent? Answered { get; private set; }

    public bool CanAnswer => Line.Status == BackorderStatus.Open
        && Order.Status is OrderStatus.Paid or OrderStatus.PartiallyShipped
        && Line.Consent is not ConsentState.NotNeeded;

    public async Task<IActionResult> OnGetAsync(string number, int backorderId, string? a, string? t, CancellationToken ct)
    {
        var refusal = await AuthoriseAsync(number, backorderId, a, t, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string number, int backorderId, string? a, string? t, CancellationToken ct)
    {
        var refusal = await AuthoriseAsync(number, backorderId, a, t, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var actor = User.Identity?.IsAuthenticated == true ? "Customer " + User.Identity.Name : "Customer (guest link)";
        var via = _fromEmail ? BackorderEventVia.EmailLink : BackorderEventVia.OrderPage;
        if (Suggested == DelayAnswer.Keep)
        {
            var kept = await consent.KeepAsync(Order.Id, Line.Id, via, actor, ct);
            TempData["Message"] = kept.Outcome switch
            {
                ConsentAnswerOutcome.Recorded => $"Thank you: we'll keep {ProductName} for you. You can still cancel it any time before it ships.",
                ConsentAnswerOutcome.AlreadyRecorded => $"You had already told us to keep {ProductName}: nothing changed.",
                ConsentAnswerOutcome.AlreadyCancelled => $"{ProductName} was already cancelled, so there is nothing to keep.",
                _ => $"{ProductName} isn't waiting for an answer any more: nothing changed.",
            };
        }
        else
        {
            var refused = await consent.RefuseAsync(Order.Id, Line.Id, via, actor, ct);
            var refund = refused.Cancellation?.Refund;
            TempData[refund is { Confirmed: false } ? "Problem" : "Message"] = refused.Outcome switch
            {
                ConsentAnswerOutcome.Recorded or ConsentAnswerOutcome.AlreadyRecorded or ConsentAnswerOutcome.AlreadyCancelled when refund is { Confirmed: false } =>
                    $"{ProductName} is cancelled. Your refund of {refund.Amount} is recorded but the payment provider didn't confirm it yet; we'll keep trying, and it will never be paid twice.",
                ConsentAnswerOutcome.Recorded => $"{ProductName} is cancelled" + (refund is { } r ? $". We've refunded {r.Amount}." : "."),
                ConsentAnswerOutcome.AlreadyRecorded or ConsentAnswerOutcome.AlreadyCancelled => $"{ProductName} was already cancelled: nothing changed.",
                _ => $"{ProductName} can no longer be cancelled: its units have arrived and are on their way to you.",
            };
        }
        return Redirect($"/Orders/{Uri.EscapeDataString(Order.Number)}?t={Uri.EscapeDataString(OrderToken)}");
    }

    private bool _fromEmail;

    /// <summary>Null when this request may see and answer the line; otherwise 404 (unknown, someone else's, forged) or 410 (expired).</summary>
    private async Task<IActionResult?> AuthoriseAsync(string number, int backorderId, string? a, string? t, CancellationToken ct)
    {
        if (!TryAnswer(a, out var answer))
        {
            return NotFound();
        }
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Number == number, ct);
        if (order is null)
        {
            return NotFound();
        }
        switch (access.CheckAnswer(order, User, backorderId, answer, t, out _fromEmail))
        {
            case OrderAccessResult.Expired:
                return StatusCode(StatusCodes.Status410Gone);
            case OrderAccessResult.Denied:
                return NotFound();
        }
        var line = await db.BackorderLines.AsNoTracking().Include(b => b.OrderLine).Include(b => b.EtaChanges)
            .Include(b => b.Events).FirstOrDefaultAsync(b => b.Id == backorderId && b.OrderId == order.Id, ct);
        if (line is null)
        {
            return NotFound();
        }
        (Order, Line, Suggested, ProductName) = (order, line, answer, line.OrderLine!.ProductName);
        Reason = line.EtaChanges.OrderByDescending(c => c.ChangedAt).ThenByDescending(c => c.Id).FirstOrDefault()?.CustomerReason;
        Answered = line.Events.Where(e => e.Kind is BackorderEventKind.ConsentGiven or BackorderEventKind.ConsentRefused or BackorderEventKind.ConsentExpired)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).FirstOrDefault();
        // Whoever holds a valid link for this line may give either answer; each form carries its own.
        KeepToken = access.AnswerTokenFor(order.Number, line.Id, DelayAnswer.Keep);
        CancelToken = access.AnswerTokenFor(order.Number, line.Id, DelayAnswer.Cancel);
        OrderToken = access.TokenFor(order.Number);
        return null;
    }

    private static bool TryAnswer(string? a, out DelayAnswer answer)
    {
        answer = DelayAnswer.Keep;
        if (string.IsNullOrEmpty(a) || string.Equals(a, "keep", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (string.Equals(a, "cancel", StringComparison.OrdinalIgnoreCase))
        {
            answer = DelayAnswer.Cancel;
            return true;
        }
        return false;
    }
}
