using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Availability;
using Storefront.Core.Catalog;
using Storefront.Core.Data;

namespace Storefront.Web.Areas.Admin.Pages.Products;

public class IndexModel(StorefrontDbContext db, AvailabilityService availability) : PageModel
{
    public const int PageSize = 25;

    /// <summary>Filtering by state evaluates every product matching the search in memory; enough for a few thousand.</summary>
    public const int MaxFilteredProducts = 5000;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public AvailabilityState? State { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public int Total { get; private set; }

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public bool Truncated { get; private set; }

    public sealed record Row(Product Product, ProductAvailability Availability);

    public async Task OnGetAsync(CancellationToken ct)
    {
        IQueryable<Product> query = db.Products.AsNoTracking().Include(p => p.Category).Include(p => p.Stock);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var term = Q.Trim().ToLowerInvariant();
            query = query.Where(p => p.Sku.ToLower().Contains(term) || p.Name.ToLower().Contains(term));
        }
        query = query.OrderBy(p => p.Name).ThenBy(p => p.Id);
        PageNumber = Math.Max(1, PageNumber);

        if (State is null)
        {
            Total = await query.CountAsync(ct);
            PageNumber = Math.Min(PageNumber, PageCount);
            var page = await query.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
            var states = await availability.ForProductsAsync(page, ct);
            Rows = page.Select(p => new Row(p, states[p.Id])).ToList();
            return;
        }

        var candidates = await query.Take(MaxFilteredProducts + 1).ToListAsync(ct);
        Truncated = candidates.Count > MaxFilteredProducts;
        if (Truncated)
        {
            candidates.RemoveAt(candidates.Count - 1);
        }
        var all = await availability.ForProductsAsync(candidates, ct);
        var matching = candidates.Where(p => all[p.Id].State == State).ToList();
        Total = matching.Count;
        PageNumber = Math.Min(PageNumber, PageCount);
        Rows = matching.Skip((PageNumber - 1) * PageSize).Take(PageSize).Select(p => new Row(p, all[p.Id])).ToList();
    }

    public static string BadgeClass(AvailabilityState state) => state switch
    {
        AvailabilityState.InStock => "text-bg-success",
        AvailabilityState.LowStock => "text-bg-warning",
        AvailabilityState.Backorder => "text-bg-info",
        AvailabilityState.PreOrder => "text-bg-primary",
        AvailabilityState.OutOfStock => "text-bg-danger",
        _ => "text-bg-secondary",
    };

    public static string StateName(AvailabilityState state) => state switch
    {
        AvailabilityState.InStock => "In stock",
        AvailabilityState.LowStock => "Low stock",
        AvailabilityState.Backorder => "Backorder",
        AvailabilityState.PreOrder => "Pre-order",
        AvailabilityState.OutOfStock => "Out of stock",
        _ => "Discontinued",
    };
}
