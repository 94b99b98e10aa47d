using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Storefront.Web.Areas.Identity.Pages.Account;

/// <summary>The one answer to every reset request, whether or not the address has an account.</summary>
[AllowAnonymous]
public class ForgotPasswordConfirmationModel : PageModel
{
    public void OnGet()
    {
    }
}
