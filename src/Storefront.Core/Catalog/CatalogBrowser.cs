using Microsoft.EntityFrameworkCore;
using Storefront.Core.Availability;
using Storefront.Core.Data;

namespace Storefront.Core.Catalog;

public enum CatalogSort
{
    Featured,
    NameAsc,
    PriceAsc,
    PriceDesc,
    Newest,
}

public sealed record CatalogQuery(string? Search = null, string? CategorySlug = null, CatalogSort Sort = CatalogSort.Featured, int Page = 1, int PageSize = 24);

public sealed record CatalogItem(Product Product, ProductAvailability Availability);

public sealed record CatalogPage(IReadOnlyList<CatalogItem> Items, int Page, int PageSize, int Total)
{
    public int PageCount => Math.Max(1, (int)Math.Ceiling(Total / (double)PageSize));
}

/// <summary>
/// Browsing the catalog: search, category, sort and paging, each product with its availability.
/// A page costs three SQL commands whatever its size: count, products with stock, deliveries.
/// </summary>
public sealed class CatalogBrowser(StorefrontDbContext db, AvailabilityService availability)
{
    public const int MaxPageSize = 100;

    public async Task<CatalogPage> BrowseAsync(CatalogQuery query, CancellationToken ct = default)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var page = Math.Max(1, query.Page);

        var products = db.Products.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.CategorySlug))
        {
            var slug = query.CategorySlug.Trim().ToLowerInvariant();
            products = products.Where(p => p.Category!.Slug == slug);
        }
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToLower();
            products = products.Where(p => p.Name.ToLower().Contains(term) || p.Sku.ToLower().Contains(term) || p.Description.ToLower().Contains(term));
        }

        var total = await products.CountAsync(ct);

        IOrderedQueryable<Product> ordered = query.Sort switch
        {
            CatalogSort.NameAsc => products.OrderBy(p => p.Name),
            CatalogSort.PriceAsc => products.OrderBy(p => p.PriceAmount),
            CatalogSort.PriceDesc => products.OrderByDescending(p => p.PriceAmount),
            CatalogSort.Newest => products.OrderByDescending(p => p.CreatedAt),
            // Featured: what can be bought comes first, discontinued last.
            _ => products.OrderBy(p => p.Status).ThenBy(p => p.Category!.SortOrder).ThenBy(p => p.Name),
        };
        var items = await ordered.ThenBy(p => p.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Include(p => p.Stock)
            .ToListAsync(ct);

        var states = await availability.ForProductsAsync(items, ct);
        return new CatalogPage(items.Select(p => new CatalogItem(p, states[p.Id])).ToList(), page, pageSize, total);
    }

    /// <summary>One product by slug or SKU with its category and availability: two SQL commands.</summary>
    public async Task<CatalogItem?> FindAsync(string slugOrSku, CancellationToken ct = default)
    {
        var key = slugOrSku.Trim();
        var product = await db.Products.AsNoTracking()
            .Include(p => p.Stock).Include(p => p.Category)
            .FirstOrDefaultAsync(p => p.Slug == key || p.Sku == key, ct);
        if (product is null)
        {
            return null;
        }
        var schedules = await availability.SchedulesAsync([product.Id], ct);
        return new CatalogItem(product, availability.Evaluate(product, product.Stock, schedules.GetValueOrDefault(product.Id, [])));
    }

    public Task<List<Category>> CategoriesAsync(CancellationToken ct = default) =>
        db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(ct);
}
