using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
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
/// The category list is on every page's navigation, so it is cached rather than queried each time.
/// </summary>
public sealed class CatalogBrowser(StorefrontDbContext db, AvailabilityService availability, IMemoryCache? cache = null)
{
    public const int MaxPageSize = 100;

    private const string CategoriesKey = "catalog:categories";

    /// <summary>How long a category change may take to show in the shop's navigation.</summary>
    public static readonly TimeSpan CategoriesCacheDuration = TimeSpan.FromMinutes(5);

    public async Task<CatalogPage> BrowseAsync(CatalogQuery query, CancellationToken ct = default)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        // A page whose row offset would not fit in an int holds no rows: it is answered as asked, and empty.
        var page = Math.Max(1, query.Page);
        var beyondEveryRow = page > int.MaxValue / pageSize;

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

        var ordered = query.Sort switch
        {
            CatalogSort.NameAsc => products.OrderBy(p => p.Name),
            CatalogSort.PriceAsc => products.OrderBy(p => p.PriceAmount),
            CatalogSort.PriceDesc => products.OrderByDescending(p => p.PriceAmount),
            CatalogSort.Newest => products.OrderByDescending(p => p.CreatedAt),
            // Featured: active products by name, discontinued last; served by the (Status, Name) index.
            _ => products.OrderBy(p => p.Status).ThenBy(p => p.Name),
        };
        var items = beyondEveryRow ? new List<Product>() : await ordered.ThenBy(p => p.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Include(p => p.Stock)
            .ToListAsync(ct);

        var states = await availability.ForProductsAsync(items, ct);
        return new CatalogPage(items.Select(p => new CatalogItem(p, states[p.Id])).ToList(), page, pageSize, total);
    }

    /// <summary>One product by slug or SKU with its category and availability: two SQL commands.</summary>
    public async Task<CatalogItem?> FindAsync(string? slugOrSku, CancellationToken ct = default)
    {
        // A blank address segment ("/products/%20") binds as null: no product has that.
        if (string.IsNullOrWhiteSpace(slugOrSku))
        {
            return null;
        }
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

    /// <summary>Categories in display order; cached for a few minutes when a memory cache is registered.</summary>
    public async Task<IReadOnlyList<Category>> CategoriesAsync(CancellationToken ct = default)
    {
        if (cache is null)
        {
            return await LoadCategoriesAsync(ct);
        }
        if (cache.TryGetValue(CategoriesKey, out IReadOnlyList<Category>? cached) && cached is not null)
        {
            return cached;
        }
        var categories = await LoadCategoriesAsync(ct);
        cache.Set(CategoriesKey, categories, CategoriesCacheDuration);
        return categories;
    }

    /// <summary>Staff call this after changing categories so shoppers see the change at once.</summary>
    public void ForgetCategories() => cache?.Remove(CategoriesKey);

    private async Task<IReadOnlyList<Category>> LoadCategoriesAsync(CancellationToken ct) =>
        (await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(ct)).AsReadOnly();
}
