namespace Storefront.Web.Infrastructure;

/// <summary>
/// Marks a page that shows customer email HTML in a sandboxed frame: the frame's document inherits
/// the page's Content-Security-Policy, and emails are styled inline, so only these pages allow inline
/// styles (never inline script).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ShowsEmailHtmlAttribute : Attribute;

/// <summary>
/// The headers every response carries (ADR 0016): a Content-Security-Policy with no inline script at
/// all, no MIME sniffing, no referrer to other sites (order links carry their access token), no framing
/// anywhere; and no caching of pages that show an order, an account, a checkout or the Admin area.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    /// <summary>
    /// The one inline style allowed: <c>style="display:none"</c>, the placeholder ASP.NET Core's validation
    /// summary writes when a form has no errors (by its hash, with 'unsafe-hashes'; nothing else matches).
    /// </summary>
    private const string HiddenPlaceholder = "'unsafe-hashes' 'sha256-aqNNdDLnnrDOnTNdkJpYlAxKVJtLt9CtFLklmInuUAE='";

    /// <summary>
    /// Scripts and styles only from the store's own files; images also as data: URIs (Bootstrap's icons);
    /// forms post to the store or, after placing an order with Stripe configured, redirect to Stripe
    /// Checkout (form-action covers that redirect).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' " + HiddenPlaceholder + "; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self' https://checkout.stripe.com; " +
        "frame-ancestors 'none'";

    private const string EmailPreviewPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static readonly string[] PrivatePaths = ["/Orders", "/Checkout", "/Cart", "/Identity", "/Admin", "/api/admin"];

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        var isPrivate = PrivatePaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
        // Set as the response starts, so error pages (whose handler clears the headers) carry them too.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var emailPreview = context.GetEndpoint()?.Metadata.GetMetadata<ShowsEmailHtmlAttribute>() is not null;
            headers.ContentSecurityPolicy = emailPreview ? EmailPreviewPolicy : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            if (isPrivate)
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }
            return Task.CompletedTask;
        });
        return next(context);
    }
}
