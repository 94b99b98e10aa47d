using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Storefront.Web.Areas.Identity.Pages.Account;

/// <summary>After a password is chosen: the one answer, in the shop's words.</summary>
[AllowAnonymous]
public class ResetPasswordConfirmationModel : PageModel
{
    public void OnGet()
    {
    }
}
