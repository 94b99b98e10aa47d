using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Storefront.Web.Infrastructure;

namespace Storefront.Web.Areas.Identity.Pages.Account;

/// <summary>
/// "Forgot your password?", replacing the Identity UI page, whose reset link was built on the request's
/// Host header (a forged Host would have sent the token elsewhere). The answer is the same for every
/// address; posts are limited per client (RateLimits:ForgotPassword).
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimitPolicies.ForgotPassword)]
public class ForgotPasswordModel(AccountEmails emails) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address, like name@example.com.")]
        [StringLength(256)]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        await emails.RequestPasswordResetAsync(Input.Email.Trim(), ct);
        return RedirectToPage("./ForgotPasswordConfirmation");
    }
}
