using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;
using Storefront.Web.Infrastructure;

namespace Storefront.Web.Pages.Orders;

/// <summary>
/// "Find my order" for guests: the order's email address and number get its signed link emailed to
/// that address. Every well-formed request gets the same answer, matched or not, so the form tells a
/// stranger nothing; posts are limited per client (RateLimits:FindOrder).
/// </summary>
[EnableRateLimiting(RateLimitPolicies.FindOrder)]
public class FindModel(OrderLinkRequests requests) : PageModel
{
    public const string Answer = "If that order number goes with that email address, we've emailed the address a link to the order. It arrives within a few minutes; the link works for 90 days.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    private const string RequestedKey = "FindOrder.Requested";

    /// <summary>True right after a request (post-redirect-get): the page shows the one answer, whatever matched.</summary>
    public bool Requested { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the email address you ordered with.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address, like name@example.com.")]
        [StringLength(EmailAddresses.MaxLength)]
        [Display(Name = "Email address")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your order number, like SF-7K3M9QX2.")]
        [StringLength(OrderLinkRequests.MaxNumberLength, ErrorMessage = "Enter your order number, like SF-7K3M9QX2.")]
        [Display(Name = "Order number")]
        public string Number { get; set; } = "";
    }

    public void OnGet() => Requested = TempData[RequestedKey] is true;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        await requests.RequestAsync(Input.Email, Input.Number, ct);
        // Assigned, not a [TempData] property: a request after a request always writes the flag again.
        TempData[RequestedKey] = true;
        return RedirectToPage();
    }
}
