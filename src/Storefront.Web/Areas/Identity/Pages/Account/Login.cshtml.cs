using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Storefront.Core.Identity;
using Storefront.Web.Infrastructure;

namespace Storefront.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Sign-in, replacing the Identity UI page so that guessing is slow and lockout is not a weapon
/// (ADR 0016): posts are limited per client (RateLimits:SignIn); wrong passwords are counted per email
/// and client, and per email overall (<see cref="SignInThrottle"/>), so a stranger flooding the form
/// locks out only themselves. Unknown emails get the same words, and a password check of the same
/// cost, as wrong passwords.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimitPolicies.SignIn)]
public class LoginModel(
    SignInManager<StorefrontUser> signIn,
    IPasswordHasher<StorefrontUser> hasher,
    DecoyPassword decoy,
    SignInThrottle throttle,
    Storefront.Core.Orders.GuestOrders guestOrders,
    ILogger<LoginModel> logger) : PageModel
{
    public const string WrongPassword = "That email and password don't match an account.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string? ReturnUrl { get; set; }

    public class InputModel
    {
        [Required, EmailAddress]
        [StringLength(256)]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required, DataType(DataType.Password)]
        [StringLength(1000)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Display(Name = "Remember me")]
        public bool RememberMe { get; set; }
    }

    public void OnGet(string? returnUrl = null) => ReturnUrl = returnUrl;

    public async Task<IActionResult> OnPostAsync(string? returnUrl = null)
    {
        ReturnUrl = returnUrl;
        if (!ModelState.IsValid)
        {
            return Page();
        }
        if (throttle.IsBlocked(HttpContext, Input.Email))
        {
            return Locked();
        }
        var user = await signIn.UserManager.FindByEmailAsync(Input.Email);
        if (user is null)
        {
            decoy.Check(hasher, Input.Password);
            throttle.RecordFailure(HttpContext, Input.Email);
            ModelState.AddModelError(string.Empty, WrongPassword);
            return Page();
        }
        // Identity's own lockout stays off: its count has no window, so anyone could lock any account
        // by spacing out wrong guesses. The throttle counts in windows instead. An account staff have
        // locked by hand (LockoutEnd) is still refused.
        var result = await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: false);
        if (result.Succeeded)
        {
            if (user.EmailConfirmed)
            {
                // Orders placed as a guest since the last visit, with the address the account proved.
                await guestOrders.JoinAsync(user.Id, user.Email, HttpContext.RequestAborted);
            }
            return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "~/");
        }
        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("./LoginWith2fa", new { ReturnUrl = returnUrl, Input.RememberMe });
        }
        if (result.IsLockedOut)
        {
            return Locked();
        }
        throttle.RecordFailure(HttpContext, Input.Email);
        ModelState.AddModelError(string.Empty, WrongPassword);
        return Page();
    }

    private PageResult Locked()
    {
        logger.LogWarning("Sign-in refused after repeated failures from {Client}", RateLimitPolicies.ClientOf(HttpContext));
        var minutes = (int)Math.Ceiling(throttle.LongestWait.TotalMinutes);
        ModelState.AddModelError(string.Empty,
            $"Too many failed attempts: signing in with this email is locked for up to {minutes} minutes. You can choose a new password meanwhile (\"Forgot your password?\").");
        return Page();
    }
}
