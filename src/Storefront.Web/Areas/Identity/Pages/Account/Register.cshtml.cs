using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Storefront.Core.Identity;
using Storefront.Core.Notifications;
using Storefront.Web.Infrastructure;

namespace Storefront.Web.Areas.Identity.Pages.Account;

/// <summary>
/// "Create an account", replacing the Identity UI page, which said "already taken" to anyone asking
/// about an address and signed a new account in without proving the mailbox. Here the answer is always
/// "check your email"; the email either finishes the new account (choose a password) or tells the
/// owner they already have one (ADR 0016). Posts are limited per client (RateLimits:Register).
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimitPolicies.Register)]
public class RegisterModel(AccountEmails emails) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string? ReturnUrl { get; set; }

    public class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address, like name@example.com.")]
        [StringLength(256)]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";
    }

    public void OnGet(string? returnUrl = null) => ReturnUrl = returnUrl;

    public async Task<IActionResult> OnPostAsync(string? returnUrl = null, CancellationToken ct = default)
    {
        ReturnUrl = returnUrl;
        if (ModelState.IsValid && !EmailAddresses.IsDeliverable(Input.Email.Trim()))
        {
            // Only the address's form is judged here, so the answer says nothing of who has an account.
            ModelState.AddModelError("Input.Email", DeliverableEmailValidator.Message);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        await emails.RequestAccountAsync(Input.Email.Trim(), ct);
        return RedirectToPage("./RegisterConfirmation");
    }
}
