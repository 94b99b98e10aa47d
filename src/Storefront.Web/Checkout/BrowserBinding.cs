using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Storefront.Web.Checkout;

/// <summary>
/// A random secret that belongs to one browser, kept in a data-protected cookie. Checkout keys are
/// bound to it, so a checkout form's key copied into another browser names a different order, and it
/// tells one shopper's unpaid checkouts apart from another's (ADR 0015).
/// </summary>
public sealed class BrowserBinding(IHttpContextAccessor accessor, IDataProtectionProvider protection)
{
    public const string CookieName = "storefront.browser";

    private readonly IDataProtector _protector = protection.CreateProtector("Storefront.Browser.v1");
    private string? _secret;

    private HttpContext Http => accessor.HttpContext ?? throw new InvalidOperationException("No current request.");

    /// <summary>This browser's secret; a browser without one (or with a forged one) is given a new one.</summary>
    public string Secret()
    {
        if (_secret is not null)
        {
            return _secret;
        }
        if (Http.Request.Cookies.TryGetValue(CookieName, out var raw) && Unprotect(_protector, raw) is { Length: 32 } known)
        {
            return _secret = known;
        }
        _secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        Http.Response.Cookies.Append(CookieName, _protector.Protect(_secret), Options(Http, TimeSpan.FromDays(365)));
        return _secret;
    }

    /// <summary>
    /// The key an order is stored under: the form's key, bound to this browser. The same form
    /// submitted twice here finds its order; the same key from another browser finds nothing.
    /// </summary>
    public string CheckoutKeyFor(string formKey) => Hash("checkout\n" + Secret() + "\n" + formKey);

    /// <summary>Who is checking out, for the limits on unpaid checkouts: the account when signed in, else this browser.</summary>
    public string ClientKey(string? userId) => Hash(userId is null ? "browser\n" + Secret() : "user\n" + userId)[..32];

    /// <summary>The client's network address, hashed (null when the server does not know it).</summary>
    public string? AddressKey() =>
        Http.Connection.RemoteIpAddress is { } ip ? Hash("address\n" + ip.MapToIPv6())[..32] : null;

    internal static string? Unprotect(IDataProtector protector, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        try
        {
            return protector.Unprotect(value);
        }
        catch (CryptographicException)
        {
            // Tampered, forged, a bare id from before cookies were protected, or a retired key: unknown.
            return null;
        }
    }

    internal static CookieOptions Options(HttpContext http, TimeSpan maxAge) => new()
    {
        HttpOnly = true,
        IsEssential = true,
        SameSite = SameSiteMode.Lax,
        Secure = http.Request.IsHttps,
        MaxAge = maxAge,
    };

    private static string Hash(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
