using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Availability;
using Storefront.Core.Data;
using Storefront.Core.Orders;
using Storefront.Core.Shipping;

namespace Storefront.Web.Pages.Orders;

/// <summary>
/// The signed-in shopper's own orders, newest first: when, where each stands, what it cost, and what
/// still waits with the date it ships by (the words of the order page, from AvailabilityText). Guest
/// orders placed with the account's confirmed address are here too (they join when it is confirmed);
/// other guests find theirs with "Find your order".
/// </summary>
[Authorize]
public class IndexModel(StorefrontDbContext db, TimeProvider clock) : PageModel
{
    /// <summary>The most orders the page lists; older ones stay reachable from their emails.</summary>
    public const int MaxOrders = 100;

    public sealed record OrderRow(string Number, DateTime PlacedAt, OrderStatus Status, Storefront.Core.Common.Money Total, int Units, IReadOnlyList<string> Waiting);

    public IReadOnlyList<OrderRow> Orders { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var orders = await db.Orders.AsNoTracking()
            .Where(o => o.UserId != null && o.UserId == userId)
            .OrderByDescending(o => o.PlacedAt).ThenByDescending(o => o.Id)
            .Take(MaxOrders)
            .Include(o => o.Lines).ThenInclude(l => l.Backorders.Where(b => b.Status == BackorderStatus.Open))
            .AsSplitQuery()
            .ToListAsync(ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Orders = [.. orders.Select(o =>
        {
            var oneParcelBy = Parcels.OneParcelBy(o, today);
            var waiting = o.Lines
                .SelectMany(l => l.Backorders.Where(b => b.Quantity > 0).Select(b => $"{l.ProductName}: {AvailabilityText.Waiting(l, b, oneParcelBy)}"))
                .ToList();
            return new OrderRow(o.Number, o.PlacedAt, o.Status, o.Total, o.Lines.Sum(l => l.Quantity), waiting);
        })];
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
