using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;
using Storefront.Core.Orders;
using Storefront.Core.Payments;
using Storefront.Web.Checkout;

namespace Storefront.Web.Pages.Checkout;

/// <summary>The built-in test gateway's payment page: takes Stripe's test card numbers, nothing real.</summary>
public class PayModel(StorefrontDbContext db, PaymentService payments, OrderAccess access) : PageModel
{
    public Order Order { get; private set; } = null!;
    public Payment Payment { get; private set; } = null!;

    [BindProperty(SupportsGet = true, Name = "t")]
    public string? Token { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Please enter a card number.")]
    [Display(Name = "Card number")]
    public string CardNumber { get; set; } = "";

    public string? Declined { get; private set; }

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken ct)
    {
        var denied = await LoadAsync(key, ct);
        if (denied is not null)
        {
            return denied;
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
        if (Payment.Status != PaymentStatus.Pending || Order.Status != OrderStatus.PendingPayment)
        {
            return GoToConfirmation();
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var outcome = TestCards.Evaluate(CardNumber);
        if (outcome == TestCardOutcome.NotATestCard)
        {
            ModelState.AddModelError(nameof(CardNumber), TestCards.Explain(outcome));
            return Page();
        }
        var completion = await payments.CompleteAsync(Payment.AttemptKey, outcome == TestCardOutcome.Approved, TestCards.Explain(outcome), ct: ct);
        if (completion == PaymentCompletion.Declined)
        {
            Declined = TestCards.Explain(outcome);
            await LoadAsync(key, ct);
            return Page();
        }
        return GoToConfirmation();
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
