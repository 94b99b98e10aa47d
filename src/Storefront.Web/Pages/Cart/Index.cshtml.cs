using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Storefront.Core.Checkout;
using Storefront.Web.Checkout;

namespace Storefront.Web.Pages.Cart;

public class IndexModel(CartService carts, CartContext context) : PageModel
{
    public CartView Cart { get; private set; } = CartView.Empty("USD");

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public bool MessageIsError { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Cart = await carts.GetAsync(await context.CurrentCartIdAsync(ct), ct);
    }

    // Quantities arrive as text so that "abc" or 2147483648 get a message, not a model-binding 400.
    public async Task<IActionResult> OnPostAddAsync(string? productId, string? quantity, string? returnUrl, CancellationToken ct)
    {
        if (!int.TryParse(productId, out var id) || id <= 0)
        {
            return NotFound();
        }
        if (!TryQuantity(quantity, out var qty) || qty < 1)
        {
            return Flash("Please choose a quantity of at least 1.", error: true, returnUrl);
        }
        var (cartId, change) = await carts.AddAsync(await context.CurrentCartIdAsync(ct), context.UserId, id, qty, ct);
        if (cartId != Guid.Empty)
        {
            context.Remember(cartId);
        }
        if (!change.Succeeded && change.Message == "That product doesn't exist.")
        {
            return NotFound();
        }
        return Flash(change.Message, !change.Succeeded, change.Succeeded ? null : returnUrl);
    }

    public async Task<IActionResult> OnPostUpdateAsync(string? productId, string? quantity, CancellationToken ct)
    {
        if (!int.TryParse(productId, out var id) || !TryQuantity(quantity, out var qty) || qty < 0)
        {
            return Flash("Please enter a quantity of 0 or more (0 removes the item).", error: true, null);
        }
        var change = await carts.UpdateAsync(await context.CurrentCartIdAsync(ct), id, qty, ct);
        return Flash(change.Message, !change.Succeeded, null);
    }

    public async Task<IActionResult> OnPostRemoveAsync(string? productId, CancellationToken ct)
    {
        if (int.TryParse(productId, out var id))
        {
            await carts.RemoveAsync(await context.CurrentCartIdAsync(ct), id, ct);
        }
        return Flash("Removed from your cart.", error: false, null);
    }

    private static bool TryQuantity(string? text, out int quantity) =>
        int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out quantity);

    private IActionResult Flash(string message, bool error, string? returnUrl)
    {
        Message = message;
        MessageIsError = error;
        return !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToPage();
    }
}
