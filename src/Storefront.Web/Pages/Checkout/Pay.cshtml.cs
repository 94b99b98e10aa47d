using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Storefront.Core.Checkout;
using Storefront.Core.Common;
using Storefront.Core.Data;
using Storefront.Core.Orders;
using Storefront.Core.Payments;
using Storefront.Web.Checkout;

namespace Storefront.Web.Pages.Checkout;

/// <summary>The built-in test gateway's payment page: takes Stripe's test card numbers, nothing real.</summary>
public class PayModel(StorefrontDbContext db, PaymentService payments, OrderHolds holds, OrderAccess access, IOptions<StoreOptions> store) : PageModel
{
    public Order Order { get; private set; } = null!;
    public Payment Payment { get; private set; } = null!;

    [BindProperty(SupportsGet = true, Name = "t")]
    public string? Token { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Please enter a card number.")]
    [Display(Name = "Card number")]
    public string CardNumber { get; set; } = "";

    /// <summary>Why the last card was refused, when it was; the order may still be held for another card.</summary>
    [TempData]
    public string? Declined { get; set; }

    /// <summary>With <see cref="Declined"/>: cards the shopper may still try while the order is held.</summary>
    [TempData]
    public int TriesLeft { get; set; }

    /// <summary>Why the last card allowed was refused: the order's hold is released.</summary>
    public string? Released { get; private set; }

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken ct)
    {
        var denied = await LoadAsync(key, ct);
        if (denied is not null)
        {
            return denied;
        }
        if (Payment.Status == PaymentStatus.Failed && Order.Status == OrderStatus.PendingPayment)
        {
            // An earlier attempt's page (the back button): the order is still held, so go to its current attempt.
            Declined = null;
            return await NextAttemptAsync(ct);
        }
        return Payment.Status == PaymentStatus.Succeeded || Order.Status != OrderStatus.PendingPayment ? GoToConfirmation() : Page();
    }

    public async Task<IActionResult> OnPostAsync(string key, CancellationToken ct)
    {
        var denied = await LoadAsync(key, ct);
        if (denied is not null)
        {
            return denied;
        }
        if (Payment.Status == PaymentStatus.Failed && Order.Status == OrderStatus.PendingPayment)
        {
            return await NextAttemptAsync(ct);
        }
        if (Payment.Status != PaymentStatus.Pending || Order.Status != OrderStatus.PendingPayment)
        {
            return GoToConfirmation();
        }
        var outcome = ModelState.IsValid ? TestCards.Evaluate(CardNumber) : TestCardOutcome.NotATestCard;
        if (outcome == TestCardOutcome.Approved)
        {
            // Paid: the hold becomes permanent, so there is nothing to extend.
            await payments.CompleteAsync(Payment.AttemptKey, true, ct: ct);
            return GoToConfirmation();
        }
        // The shopper is using the payment page: an abandoned one lets its stock go sooner (ADR 0015).
        if (await holds.ExtendAsync(Order.Id, ct))
        {
            Order.HoldExpiresAt = await db.Orders.Where(o => o.Id == Order.Id).Select(o => o.HoldExpiresAt).SingleAsync(ct);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        if (outcome == TestCardOutcome.NotATestCard)
        {
            ModelState.AddModelError(nameof(CardNumber), TestCards.Explain(outcome));
            return Page();
        }
        var decline = await payments.DeclineCardAsync(Payment.AttemptKey, TestCards.Explain(outcome), ct);
        switch (decline.Outcome)
        {
            case CardDeclineOutcome.TryAgain:
                Declined = TestCards.Explain(outcome);
                TriesLeft = decline.TriesLeft;
                return await NextAttemptAsync(ct);
            case CardDeclineOutcome.Released:
                Released = TestCards.Explain(outcome);
                await LoadAsync(key, ct);
                return Page();
            default:
                return GoToConfirmation();
        }
    }

    /// <summary>The order is still held after a declined card: a fresh attempt on the same order, on its own page.</summary>
    private async Task<IActionResult> NextAttemptAsync(CancellationToken ct)
    {
        var token = Token ?? access.TokenFor(Order.Number);
        var session = await payments.BeginAsync(Order.Id, PaymentPages.ReturnUrls(this, store.Value, Order.Number, token), ct);
        return session is null ? GoToConfirmation() : Redirect(PaymentPages.Target(session, token));
    }

    private IActionResult GoToConfirmation() =>
        RedirectToPage("/Checkout/Confirmation", new { number = Order.Number, t = Token });

    private async Task<IActionResult?> LoadAsync(string key, CancellationToken ct)
    {
        if (payments.Setup.Mode != PaymentMode.Test)
        {
            // Outside test mode a test card must never mark an order paid, whatever page is posted to.
            return NotFound();
        }
        var payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.AttemptKey == key && p.Provider == TestPaymentGateway.ProviderName, ct);
        if (payment is null)
        {
            return NotFound();
        }
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).ThenInclude(l => l.Backorders).SingleAsync(o => o.Id == payment.OrderId, ct);
        if (access.Refusal(this, order, Token) is { } refusal)
        {
            return refusal;
        }
        Order = order;
        Payment = payment;
        return null;
    }
}
