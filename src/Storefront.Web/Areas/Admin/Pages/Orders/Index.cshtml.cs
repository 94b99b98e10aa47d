using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Common;
using Storefront.Core.Data;
using Storefront.Core.Orders;

namespace Storefront.Web.Areas.Admin.Pages.Orders;

public class IndexModel(StorefrontDbContext db) : PageModel
{
    public const int PageSize = 25;

    /// <summary>Part of an order number or of the customer's email.</summary>
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true)]
    public OrderStatus? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<OrderRow> Orders { get; private set; } = [];

    public int TotalCount { get; private set; }

    public int PageCount => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);

    public sealed record OrderRow(string Number, DateTime PlacedAt, string Email, string ShippingName, OrderStatus Status,
        Money Total, int ShipNow, int Backordered, int Shipped);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = db.Orders.AsNoTracking();
        var search = Search?.Trim();
        if (!string.IsNullOrEmpty(search))
        {
            // Order numbers are stored upper case; emails are matched as typed, lower-cased on both sides.
            var number = search.ToUpperInvariant();
            var email = search.ToLowerInvariant();
            query = query.Where(o => o.Number.Contains(number) || o.Email.ToLower().Contains(email));
        }
        if (Status is { } status)
        {
            query = query.Where(o => o.Status == status);
        }
        TotalCount = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var rows = await query
            .OrderByDescending(o => o.PlacedAt).ThenByDescending(o => o.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(o => new
            {
                o.Number, o.PlacedAt, o.Email, o.ShippingName, o.Status, o.TotalAmount, o.Currency,
                ShipNow = o.Lines.Sum(l => l.AllocatedQuantity),
                Backordered = o.Lines.Sum(l => l.BackorderedQuantity),
                Shipped = o.Lines.Sum(l => l.ShippedQuantity),
            })
            .ToListAsync(ct);
        Orders = [.. rows.Select(r => new OrderRow(r.Number, r.PlacedAt, r.Email, r.ShippingName, r.Status,
            new Money(r.TotalAmount, r.Currency), r.ShipNow, r.Backordered, r.Shipped))];
    }

    public static string StatusText(OrderStatus status) => status switch
    {
        OrderStatus.PendingPayment => "Pending payment",
        OrderStatus.PartiallyShipped => "Partially shipped",
        OrderStatus.PaymentFailed => "Payment failed",
        _ => status.ToString(),
    };

    public static string StatusClass(OrderStatus status) => status switch
    {
        OrderStatus.Paid => "text-bg-primary",
        OrderStatus.PartiallyShipped => "text-bg-info",
        OrderStatus.Shipped => "text-bg-success",
        OrderStatus.PendingPayment => "text-bg-warning",
        _ => "text-bg-secondary",
    };
}
