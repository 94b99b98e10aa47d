using System.Security.Claims;
using Microsoft.AspNetCore.DataProtection;
using Storefront.Core.Checkout;

namespace Storefront.Web.Checkout;

/// <summary>
/// Finds the current shopper's cart: the account's once signed in, otherwise the one named by the
/// guest cookie. A guest cart is merged into the account's cart the first time both are seen.
/// The cookie holds the cart id data-protected: a bare, forged or altered id reads as no cart, so
/// nobody reaches a cart by guessing or copying its id (ADR 0015).
/// </summary>
public sealed class CartContext(IHttpContextAccessor accessor, CartService carts, IDataProtectionProvider protection)
{
    public const string CookieName = "storefront.cart";

    private readonly IDataProtector _protector = protection.CreateProtector("Storefront.Cart.v1");

    private HttpContext Http => accessor.HttpContext ?? throw new InvalidOperationException("No current request.");

    public string? UserId => Http.User.FindFirstValue(ClaimTypes.NameIdentifier);

    public async Task<Guid?> CurrentCartIdAsync(CancellationToken ct = default)
    {
        var guestId = Http.Request.Cookies.TryGetValue(CookieName, out var raw)
            && Guid.TryParseExact(BrowserBinding.Unprotect(_protector, raw), "N", out var id) ? id : (Guid?)null;
        if (UserId is { } userId)
        {
            if (guestId is { } guest)
            {
                Http.Response.Cookies.Delete(CookieName);
                return await carts.MergeAsync(guest, userId, ct);
            }
            return await carts.FindUserCartAsync(userId, ct);
        }
        return guestId;
    }

    /// <summary>Remembers a newly created guest cart in the browser.</summary>
    public void Remember(Guid cartId)
    {
        if (UserId is null)
        {
            Http.Response.Cookies.Append(CookieName, _protector.Protect(cartId.ToString("N")), BrowserBinding.Options(Http, TimeSpan.FromDays(30)));
        }
    }
}
