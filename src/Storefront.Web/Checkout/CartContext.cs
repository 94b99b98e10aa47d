using System.Security.Claims;
using Storefront.Core.Checkout;

namespace Storefront.Web.Checkout;

/// <summary>
/// Finds the current shopper's cart: the account's once signed in, otherwise the one named by the
/// guest cookie. A guest cart is merged into the account's cart the first time both are seen.
/// </summary>
public sealed class CartContext(IHttpContextAccessor accessor, CartService carts)
{
    public const string CookieName = "storefront.cart";

    private HttpContext Http => accessor.HttpContext ?? throw new InvalidOperationException("No current request.");

    public string? UserId => Http.User.FindFirstValue(ClaimTypes.NameIdentifier);

    public async Task<Guid?> CurrentCartIdAsync(CancellationToken ct = default)
    {
        var guestId = Http.Request.Cookies.TryGetValue(CookieName, out var raw) && Guid.TryParse(raw, out var id) ? id : (Guid?)null;
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
            Http.Response.Cookies.Append(CookieName, cartId.ToString("N"), new CookieOptions
            {
                HttpOnly = true,
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                Secure = Http.Request.IsHttps,
                MaxAge = TimeSpan.FromDays(30),
            });
        }
    }
}
