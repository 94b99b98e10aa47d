using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Storefront.Web.Pages.Status;

/// <summary>Lets a page end with a status and say, on the status page, what was wrong.</summary>
public static class StatusPage
{
    private const string ExplanationItem = "Storefront.StatusExplanation";

    /// <summary>A 400 whose status page shows <paramref name="explanation"/> instead of the generic words.</summary>
    public static IActionResult BadRequest(HttpContext http, string explanation)
    {
        http.Items[ExplanationItem] = explanation;
        return new BadRequestResult();
    }

    internal static string? Explanation(HttpContext http) => http.Items[ExplanationItem] as string;
}

/// <summary>A friendly page for any error status a page request ends with.</summary>
[IgnoreAntiforgeryToken]
public class IndexModel : PageModel
{
    public int Code { get; private set; }
    public string Heading { get; private set; } = "";
    public string Explanation { get; private set; } = "";

    public void OnGet(int code) => Describe(code);

    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        Code = code;
        (Heading, Explanation) = code switch
        {
            404 => ("We couldn't find that page", "The product or page may have moved or no longer exists. Try the catalog or a search."),
            403 => ("You don't have access to this page", "If you think you should, sign in with the right account."),
            400 => ("That request didn't look right", "Please go back, check what you entered and try again."),
            410 => ("This link has expired", "Links in our emails expire for your safety. Sign in, or ask for a new link with “Find your order” at the foot of this page."),
            429 => ("That was a lot of tries in a short time", $"For everyone's safety we pause requests like this for a while. Please wait {Wait()} and try again."),
            _ => ("Something went wrong", "Please try again in a moment."),
        };
        Explanation = StatusPage.Explanation(HttpContext) ?? Explanation;
    }

    /// <summary>The rate limiter's Retry-After, in words.</summary>
    private string Wait()
    {
        var seconds = int.TryParse(Response.Headers.RetryAfter, out var s) ? s : 60;
        return seconds <= 60 ? "a minute" : $"{(int)Math.Ceiling(seconds / 60.0)} minutes";
    }
}
