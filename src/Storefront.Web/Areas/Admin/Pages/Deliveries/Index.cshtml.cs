using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;
using Storefront.Core.Inventory;

namespace Storefront.Web.Areas.Admin.Pages.Deliveries;

public class IndexModel(StorefrontDbContext db) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public int? ProductId { get; set; }

    /// <summary>Filter by SKU, typed by staff; a catalog of thousands does not fit in a drop-down.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Sku { get; set; }

    [BindProperty(SupportsGet = true)]
    public DeliveryStatus? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [TempData]
    public string? Message { get; set; }

    public IReadOnlyList<InboundDelivery> Deliveries { get; private set; } = [];

    public int Total { get; private set; }

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>The product filtered on, as staff read it (SKU · name), or null.</summary>
    public string? ProductLabel { get; private set; }

    /// <summary>Set when the SKU typed matches no product.</summary>
    public string? UnknownSku { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var sku = Sku?.Trim();
        if (!string.IsNullOrEmpty(sku) || ProductId is not null)
        {
            var product = await (string.IsNullOrEmpty(sku) ? db.Products.Where(p => p.Id == ProductId) : db.Products.Where(p => p.Sku == sku))
                .Select(p => new { p.Id, p.Sku, p.Name }).FirstOrDefaultAsync(ct);
            if (product is null)
            {
                // An unknown SKU is said so; an unknown id (an old link) simply matches nothing.
                UnknownSku = string.IsNullOrEmpty(sku) ? null : sku;
                ProductId = null;
                return;
            }
            ProductId = product.Id;
            Sku = product.Sku;
            ProductLabel = $"{product.Sku} · {product.Name}";
        }
        var query = db.InboundDeliveries.AsNoTracking().AsQueryable();
        if (ProductId is { } productId)
        {
            query = query.Where(d => d.ProductId == productId);
        }
        if (Status is { } status)
        {
            query = query.Where(d => d.Status == status);
        }
        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        // Scheduled first, soonest first; then the history, newest first.
        Deliveries = await query.Include(d => d.Product)
            .OrderBy(d => d.Status).ThenBy(d => d.ExpectedDate).ThenBy(d => d.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .ToListAsync(ct);
    }
}
