using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Storefront.Core.Identity;
using Storefront.Core.Orders;
using Storefront.Web.Infrastructure;

namespace Storefront.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Choosing a password from an emailed link: a new account's first password, or a forgotten one.
/// Replaces the Identity UI page, which said "at least 6 characters" while the server asks for more:
/// the rules shown here are read from the options the server enforces. The link came to the mailbox,
/// so a password chosen with it also confirms the address, and the guest orders placed with that
/// address join the account (ADR 0023). An unknown email gets the same answer as a known one.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimitPolicies.ForgotPassword)]
public class ResetPasswordModel(UserManager<StorefrontUser> users, GuestOrders guestOrders, IOptions<IdentityOptions> identity) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string Rules => PasswordRules.Describe(identity.Value.Password);

    public int MinLength => identity.Value.Password.RequiredLength;

    public class InputModel
    {
        [Required(ErrorMessage = "Enter your account's email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address, like name@example.com.")]
        [StringLength(256)]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose a password.")]
        [StringLength(1000)]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Type the password again.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password again")]
        [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same.")]
        public string ConfirmPassword { get; set; } = "";

        [Required]
        public string Code { get; set; } = "";
    }

    public IActionResult OnGet(string? code = null)
    {
        if (string.IsNullOrEmpty(code))
        {
            return BadRequest("A link to choose a password comes by email: open the latest one you received.");
        }
        Input = new InputModel { Code = code };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is null)
        {
            // The same answer as a success: this form doesn't tell which addresses have accounts.
            return RedirectToPage("./ResetPasswordConfirmation");
        }
        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(Input.Code));
        }
        catch (FormatException)
        {
            ModelState.AddModelError(string.Empty, ExpiredLink);
            return Page();
        }
        var result = await users.ResetPasswordAsync(user, token, Input.Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == "InvalidToken" ? string.Empty : "Input.Password", error.Code == "InvalidToken" ? ExpiredLink : error.Description);
            }
            return Page();
        }
        if (!user.EmailConfirmed)
        {
            user.EmailConfirmed = true;
            await users.UpdateAsync(user);
        }
        await guestOrders.JoinAsync(user.Id, user.Email, ct);
        return RedirectToPage("./ResetPasswordConfirmation");
    }

    public const string ExpiredLink = "This link has expired or was already used. Ask for a new one with \"Forgot your password?\".";
}
