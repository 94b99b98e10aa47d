using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Storefront.Core.Notifications;

namespace Storefront.Web.Pages.Subscriptions;

/// <summary>
/// A page opened from a signed email link. Opening it (GET) changes nothing, because mail scanners
/// open links too; the button on it (POST) does. A forged or expired link gets a clear page and
/// no change: 400 for a link we didn't make, 410 for one that has expired.
/// </summary>
public abstract class LinkPageModel : PageModel
{
    [BindProperty(SupportsGet = true, Name = "t")]
    public string? Token { get; set; }

    public LinkCheck Check { get; private set; }

    public LinkResult? Result { get; protected set; }

    protected IActionResult? Verify(Func<string?, (LinkCheck Check, int Id)> check, out int subscriptionId)
    {
        (Check, subscriptionId) = check(Token);
        if (Check == LinkCheck.Valid)
        {
            return null;
        }
        Response.StatusCode = Check == LinkCheck.Expired ? StatusCodes.Status410Gone : StatusCodes.Status400BadRequest;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
