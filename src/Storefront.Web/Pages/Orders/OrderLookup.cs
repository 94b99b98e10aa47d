using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;
using Storefront.Web.Checkout;

namespace Storefront.Web.Pages.Orders;

/// <summary>The order a customer page may show, found by number.</summary>
public sealed record CustomerOrderRef(int Id, string Number);

/// <summary>
/// The one gate every customer order route goes through: the signed-in owner, or a guest with the
/// order's signed link. Someone else's order and a tampered link both look like an unknown number
/// (404, nothing shown), so order numbers cannot be probed; an expired link gets 410 and a page
/// that says so.
/// </summary>
public sealed class OrderLookup(StorefrontDbContext db, OrderAccess access)
{
    public async Task<(CustomerOrderRef? Order, IActionResult? Refusal)> FindAsync(PageModel page, string number, string? token, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Number == number, ct);
        if (order is null)
        {
            return (null, page.NotFound());
        }
        return access.Refusal(page, order, token) is { } refusal
            ? (null, refusal)
            : (new CustomerOrderRef(order.Id, order.Number), null);
    }
}
