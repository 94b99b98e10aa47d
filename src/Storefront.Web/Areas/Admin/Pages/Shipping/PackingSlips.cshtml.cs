using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Storefront.Core.Common;
using Storefront.Core.Data;
using Storefront.Core.Orders;

namespace Storefront.Web.Areas.Admin.Pages.Shipping;

/// <summary>Printable packing slips, one page per order: what is in the parcel, and what follows later.</summary>
public class PackingSlipsModel(StorefrontDbContext db, TimeProvider clock, IOptions<StoreOptions> store) : PageModel
{
    public const int MaxOrders = 100;

    public IReadOnlyList<Order> Orders { get; private set; } = [];

    public string StoreName => store.Value.Name;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "id")] List<int> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().Take(MaxOrders + 1).ToList();
        if (wanted.Count == 0 || wanted.Count > MaxOrders)
        {
            return BadRequest();
        }
        var orders = await db.Orders.AsNoTracking()
            .Where(o => wanted.Contains(o.Id) && (o.Status == OrderStatus.Paid || o.Status == OrderStatus.PartiallyShipped || o.Status == OrderStatus.Shipped))
            .Include(o => o.Lines.OrderBy(l => l.Id)).ThenInclude(l => l.Backorders)
            .AsSplitQuery()
            .ToListAsync(ct);
        if (orders.Count == 0)
        {
            return NotFound();
        }
        Orders = [.. orders.OrderBy(o => o.PlacedAt).ThenBy(o => o.Id)];
        return Page();
    }

    /// <summary>Units of the line in this parcel: allocated and released.</summary>
    public int InParcel(OrderLine line) => line.ReleaseDate is { } r && r > Today ? 0 : line.AllocatedQuantity;
}
