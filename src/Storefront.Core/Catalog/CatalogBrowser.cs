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
/// Listings and product facts come from <see cref="CatalogCache"/>, which forgets them the moment a
/// change commits (ADR 0017): a page the cache knows costs no SQL command; a cold one costs a count,
/// the page's ids, and one command each for the missing products and their deliveries.
/// Availability is evaluated from the facts on every request.
/// The category list on every page's navigation comes from the same cache.
/// </summary>
public sealed class CatalogBrowser(StorefrontDbContext db, AvailabilityService availability, CatalogCache products)
{
    public const int MaxPageSize = 100;

    public async Task<CatalogPage> BrowseAsync(CatalogQuery query, CancellationToken ct = default)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        // A page whose row offset would not fit in an int holds no rows: it is answered as asked, and empty.
        var page = Math.Max(1, query.Page);
        var slug = string.IsNullOrWhiteSpace(query.CategorySlug) ? null : query.CategorySlug.Trim().ToLowerInvariant();
        var term = string.IsNullOrWhiteSpace(query.Search) ? null : query.Search.Trim().ToLower();

        var key = string.Join('\u001f', slug, term, query.Sort, page, pageSize);
        if (!products.TryGetListing(key, out var listing))
        {
            var stamp = products.BeginListing();
            listing = await LoadListingAsync(slug, term, query.Sort, page, pageSize, ct);
            products.PutListing(key, listing, stamp);
        }

        var facts = await FactsAsync(listing.ProductIds, ct);
        var items = listing.ProductIds.Where(facts.ContainsKey).Select(id => Item(facts[id])).ToList();
        return new CatalogPage(items, page, pageSize, listing.Total);
    }

    /// <summary>
    /// Every product by name, a page of <see cref="MaxPageSize"/> at a time through the same cached
    /// listings and facts as the catalog pages (feeds read the whole catalog this way).
    /// </summary>
    public async IAsyncEnumerable<CatalogItem> EveryProductAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        for (var page = 1; ; page++)
        {
            var result = await BrowseAsync(new CatalogQuery(Sort: CatalogSort.NameAsc, Page: page, PageSize: MaxPageSize), ct);
            foreach (var item in result.Items)
            {
                yield return item;
            }
            if (page >= result.PageCount)
            {
                yield break;
            }
        }
    }

    private async Task<ListingPage> LoadListingAsync(string? slug, string? term, CatalogSort sort, int page, int pageSize, CancellationToken ct)
    {
        var products = db.Products.AsNoTracking();
        if (slug is not null)
        {
            products = products.Where(p => p.Category!.Slug == slug);
        }
        if (term is not null)
        {
            products = products.Where(p => p.Name.ToLower().Contains(term) || p.Sku.ToLower().Contains(term) || p.Description.ToLower().Contains(term));
        }

        var total = await products.CountAsync(ct);
        if (page > int.MaxValue / pageSize || (long)(page - 1) * pageSize >= total)
        {
            return new ListingPage([], total);
        }

        var ordered = sort switch
        {
            CatalogSort.NameAsc => products.OrderBy(p => p.Name),
            CatalogSort.PriceAsc => products.OrderBy(p => p.PriceAmount),
            CatalogSort.PriceDesc => products.OrderByDescending(p => p.PriceAmount),
            CatalogSort.Newest => products.OrderByDescending(p => p.CreatedAt),
            // Featured: active products by name, discontinued last; served by the (Status, Name) index.
            _ => products.OrderBy(p => p.Status).ThenBy(p => p.Name),
        };
        var ids = await ordered.ThenBy(p => p.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(p => p.Id)
            .ToListAsync(ct);
        return new ListingPage(ids, total);
    }

    /// <summary>One product by slug or SKU with its category and availability: no SQL command when cached, at most three when not.</summary>
    public async Task<CatalogItem?> FindAsync(string? slugOrSku, CancellationToken ct = default)
    {
        // A blank address segment ("/products/%20") binds as null: no product has that.
        if (string.IsNullOrWhiteSpace(slugOrSku))
        {
            return null;
        }
        var key = slugOrSku.Trim();
        if (products.TryGetAddress(key, out var id))
        {
            var known = await FactsAsync([id], ct);
            if (known.TryGetValue(id, out var facts) && (facts.Product.Slug == key || facts.Product.Sku == key))
            {
                return Item(facts);
            }
            // The product moved to another slug or SKU since: look the address up again.
            products.ForgetAddress(key);
        }
        var found = await db.Products.AsNoTracking()
            .Where(p => p.Slug == key || p.Sku == key)
            .Select(p => (int?)p.Id)
            .FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return null;
        }
        var loaded = await FactsAsync([found.Value], ct);
        if (!loaded.TryGetValue(found.Value, out var product))
        {
            return null;
        }
        products.PutAddress(key, found.Value);
        return Item(product);
    }

    /// <summary>
    /// The given products with their availability, in no particular order (an id with no product is
    /// left out): the same cached facts and verdicts the shop pages show, the missing ones loaded in
    /// two SQL commands however many there are.
    /// </summary>
    public async Task<IReadOnlyList<CatalogItem>> ProductsAsync(IReadOnlyList<int> ids, CancellationToken ct = default)
    {
        var facts = await FactsAsync(ids, ct);
        var items = new List<CatalogItem>(facts.Count);
        foreach (var f in facts.Values)
        {
            items.Add(Item(f));
        }
        return items;
    }

    /// <summary>The facts of the given products: from the cache, the missing ones in two SQL commands.</summary>
    private async Task<Dictionary<int, ProductFacts>> FactsAsync(IReadOnlyList<int> ids, CancellationToken ct)
    {
        var facts = new Dictionary<int, ProductFacts>(ids.Count);
        List<int>? missing = null;
        foreach (var id in ids)
        {
            if (products.TryGetProduct(id, out var cached))
            {
                facts[id] = cached;
            }
            else
            {
                (missing ??= []).Add(id);
            }
        }
        if (missing is null)
        {
            return facts;
        }
        // Stamps first: a change that commits while these load keeps them out of the cache.
        var stamps = missing.ToDictionary(id => id, products.BeginProduct);
        var query = db.Products.AsNoTracking().Include(p => p.Stock).Include(p => p.Category);
        var missingIds = missing.ToArray();
        // A long list (the staff dashboard's reorder candidates) goes as one array parameter, as
        // AvailabilityService.SchedulesAsync does: SQL Server takes at most 2,100 parameters.
        var loaded = missing.Count <= AvailabilityService.ListedIdLimit
            ? await query.Where(p => missingIds.Contains(p.Id)).ToListAsync(ct)
            : await query.Where(p => EF.Parameter(missingIds).Contains(p.Id)).ToListAsync(ct);
        var schedules = await availability.SchedulesAsync(loaded.Select(p => p.Id).ToArray(), ct);
        foreach (var product in loaded)
        {
            var fresh = new ProductFacts(product, schedules.GetValueOrDefault(product.Id, []));
            products.PutProduct(product.Id, fresh, stamps[product.Id]);
            facts[product.Id] = fresh;
        }
        return facts;
    }

    private CatalogItem Item(ProductFacts facts) =>
        new(facts.Product, facts.AvailabilityOn(availability.Today, f => availability.Evaluate(f.Product, f.Product.Stock, f.Deliveries)));

    /// <summary>Categories in display order, from the cache when it has them.</summary>
    public async Task<IReadOnlyList<Category>> CategoriesAsync(CancellationToken ct = default)
    {
        if (products.TryGetCategories(out var cached))
        {
            return cached;
        }
        var stamp = products.BeginListing();
        var categories = await LoadCategoriesAsync(ct);
        products.PutCategories(categories, stamp);
        return categories;
    }

    private async Task<IReadOnlyList<Category>> LoadCategoriesAsync(CancellationToken ct) =>
        (await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(ct)).AsReadOnly();
}
