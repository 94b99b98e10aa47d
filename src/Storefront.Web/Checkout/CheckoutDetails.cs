using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Storefront.Core.Orders;

namespace Storefront.Web.Checkout;

/// <summary>What the shopper typed into the checkout form, never anything about a card.</summary>
public sealed record CheckoutDetails(
    string Email, string Name, string Line1, string? Line2, string City, string PostalCode, string Country, ShippingChoice? Shipping);

/// <summary>
/// Keeps the checkout form's contact and address details in a data-protected cookie from placing an
/// order until it is paid, so a shopper whose card was declined comes back to a filled-in form.
/// </summary>
public sealed class CheckoutDetailsCookie(IHttpContextAccessor accessor, IDataProtectionProvider protection)
{
    public const string CookieName = "storefront.checkout";

    /// <summary>Long enough to come back after a declined card; short enough not to keep an address around.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private readonly IDataProtector _protector = protection.CreateProtector("Storefront.CheckoutDetails.v1");

    private HttpContext Http => accessor.HttpContext ?? throw new InvalidOperationException("No current request.");

    public void Remember(CheckoutDetails details) =>
        Http.Response.Cookies.Append(CookieName, _protector.Protect(JsonSerializer.Serialize(details)), BrowserBinding.Options(Http, Lifetime));

    public CheckoutDetails? Recall()
    {
        if (!Http.Request.Cookies.TryGetValue(CookieName, out var raw) || BrowserBinding.Unprotect(_protector, raw) is not { } json)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<CheckoutDetails>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Forget()
    {
        if (Http.Request.Cookies.ContainsKey(CookieName))
        {
            Http.Response.Cookies.Delete(CookieName);
        }
    }
}
