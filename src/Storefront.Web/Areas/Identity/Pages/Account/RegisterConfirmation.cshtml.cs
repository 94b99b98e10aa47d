using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Storefront.Web.Areas.Identity.Pages.Account;

/// <summary>
/// "Check your email", the one answer to every account request. Replaces the Identity UI page, which
/// looked the address up (a 404 for one without an account) and could show the confirmation link itself.
/// </summary>
[AllowAnonymous]
public class RegisterConfirmationModel : PageModel
{
    public void OnGet()
    {
    }
}
