using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Catalog;
using Storefront.Core.Data;
using Storefront.Core.Inventory;

namespace Storefront.Web.Areas.Admin.Pages.Deliveries;

public class IndexModel(StorefrontDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? ProductId { get; set; }

    [BindProperty(SupportsGet = true)]
    public DeliveryStatus? Status { get; set; }

    [TempData]
    public string? Message { get; set; }

    public IReadOnlyList<InboundDelivery> Deliveries { get; private set; } = [];

    public IReadOnlyList<Product> Products { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Products = await db.Products.AsNoTracking().OrderBy(p => p.Sku).ToListAsync(ct);
        var query = db.InboundDeliveries.AsNoTracking().Include(d => d.Product).AsQueryable();
        if (ProductId is { } productId)
        {
            query = query.Where(d => d.ProductId == productId);
        }
        if (Status is { } status)
        {
            query = query.Where(d => d.Status == status);
        }
        // Scheduled first, soonest first; then the history, newest first.
        Deliveries = await query.OrderBy(d => d.Status).ThenBy(d => d.ExpectedDate).ThenBy(d => d.Id).Take(500).ToListAsync(ct);
    }
}
