using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Checkout;
using Storefront.Core.Data;
using Storefront.Core.Orders;
using Storefront.Core.Payments;
using Storefront.Core.Shipping;
using Storefront.Web.Checkout;

namespace Storefront.Web.Pages.Checkout;

public class ConfirmationModel(StorefrontDbContext db, OrderAccess access, CartService carts, CartContext cart, TimeProvider clock, CheckoutDetailsCookie details) : PageModel
{
    public Order Order { get; private set; } = null!;
    public long Charged { get; private set; }

    /// <summary>When the order's one parcel ships (together, or waiting for a pre-order); null when what is in stock ships now.</summary>
    public DateOnly? OneParcelBy { get; private set; }

    /// <summary>The guest's signed token for the order page; null when the signed-in owner needs none.</summary>
    public string? OrderPageToken { get; private set; }

    public async Task<IActionResult> OnGetAsync(string number, string? t, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking()
            .Include(o => o.Lines).ThenInclude(l => l.Backorders)
            .FirstOrDefaultAsync(o => o.Number == number, ct);
        if (order is null)
        {
            return NotFound();
        }
        if (access.Refusal(this, order, t) is { } refusal)
        {
            return refusal;
        }
        Order = order;
        OneParcelBy = Parcels.OneParcelBy(order, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        OrderPageToken = order.UserId is not null && order.UserId == User.FindFirstValue(ClaimTypes.NameIdentifier)
            ? null : access.TokenFor(order.Number);
        Charged = await db.Payments.Where(p => p.OrderId == order.Id && p.Status == PaymentStatus.Succeeded).SumAsync(p => p.Amount - p.RefundedAmount, ct);
        if (order.Status == OrderStatus.Paid)
        {
            await carts.ClearAsync(await cart.CurrentCartIdAsync(ct), ct);
            // Paid: the typed address is not kept in the browser any longer than needed.
            details.Forget();
        }
        return Page();
    }
}
