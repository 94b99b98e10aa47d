using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;
using Storefront.Core.Orders;

namespace Storefront.Web.Pages.Orders;

/// <summary>The signed-in shopper's own orders, newest first. Guests reach theirs through the links in their emails.</summary>
[Authorize]
public class IndexModel(StorefrontDbContext db) : PageModel
{
    public sealed record OrderRow(string Number, DateTime PlacedAt, OrderStatus Status, Storefront.Core.Common.Money Total, int Units, int Backordered);

    public IReadOnlyList<OrderRow> Orders { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var rows = await db.Orders.AsNoTracking()
            .Where(o => o.UserId != null && o.UserId == userId)
            .OrderByDescending(o => o.PlacedAt).ThenByDescending(o => o.Id)
            .Select(o => new
            {
                o.Number, o.PlacedAt, o.Status, o.TotalAmount, o.Currency,
                Units = o.Lines.Sum(l => l.Quantity),
                Backordered = o.Lines.Sum(l => l.BackorderedQuantity),
            })
            .Take(200)
            .ToListAsync(ct);
        Orders = [.. rows.Select(r => new OrderRow(r.Number, r.PlacedAt, r.Status, new(r.TotalAmount, r.Currency), r.Units, r.Backordered))];
    }

    public static string StatusText(OrderStatus status) => status switch
    {
        OrderStatus.PendingPayment => "Awaiting payment",
        OrderStatus.Paid => "Paid",
        OrderStatus.PartiallyShipped => "Partly shipped",
        OrderStatus.Shipped => "Shipped",
        OrderStatus.PaymentFailed => "Payment failed",
        OrderStatus.Expired => "Not paid (expired)",
        OrderStatus.Cancelled => "Cancelled",
        _ => status.ToString(),
    };
}
