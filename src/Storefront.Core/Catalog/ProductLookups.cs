using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;

namespace Storefront.Core.Catalog;

/// <summary>
/// What <see cref="ProductValidation"/> needs to know from the store about a set of drafts: which of
/// their categories exist, and which products already hold their SKUs (any case) and web addresses.
/// Read in a few set-based queries, so checking a file of thousands of rows costs the same handful
/// of queries per chunk as checking one product in the editor.
/// </summary>
public sealed class ProductLookups
{
    private const int Chunk = 500;

    private ProductLookups(IReadOnlySet<int> categoryIds, ILookup<string, int> skuOwners, ILookup<string, int> slugOwners)
    {
        CategoryIds = categoryIds;
        SkuOwners = skuOwners;
        SlugOwners = slugOwners;
    }

    public IReadOnlySet<int> CategoryIds { get; }

    /// <summary>Product ids by SKU, compared without case.</summary>
    public ILookup<string, int> SkuOwners { get; }

    /// <summary>Product ids by web address.</summary>
    public ILookup<string, int> SlugOwners { get; }

    public static async Task<ProductLookups> ReadAsync(StorefrontDbContext db, IReadOnlyCollection<ProductDraft> drafts, CancellationToken ct = default)
    {
        var categoryIds = drafts.Select(d => d.CategoryId).Where(id => id > 0).Distinct().ToList();
        var skus = drafts.Select(d => d.Sku?.Trim().ToUpperInvariant() ?? "").Where(s => s.Length > 0).Distinct().ToList();
        var slugs = drafts.Select(ProductValidation.SlugOf).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var categories = new HashSet<int>();
        var bySku = new List<(string Sku, int Id)>();
        var bySlug = new List<(string Slug, int Id)>();
        foreach (var chunk in categoryIds.Chunk(Chunk))
        {
            categories.UnionWith(await db.Categories.AsNoTracking().Where(c => chunk.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct));
        }
        foreach (var chunk in skus.Chunk(Chunk))
        {
            var owners = await db.Products.AsNoTracking().Where(p => chunk.Contains(p.Sku.ToUpper())).Select(p => new { p.Sku, p.Id }).ToListAsync(ct);
            bySku.AddRange(owners.Select(o => (o.Sku, o.Id)));
        }
        foreach (var chunk in slugs.Chunk(Chunk))
        {
            var owners = await db.Products.AsNoTracking().Where(p => chunk.Contains(p.Slug)).Select(p => new { p.Slug, p.Id }).ToListAsync(ct);
            bySlug.AddRange(owners.Select(o => (o.Slug, o.Id)));
        }
        return new(categories, bySku.ToLookup(o => o.Sku, o => o.Id, StringComparer.OrdinalIgnoreCase), bySlug.ToLookup(o => o.Slug, o => o.Id, StringComparer.Ordinal));
    }

    /// <summary>The same facts, with categories made after they were read (an import's new ones).</summary>
    public ProductLookups WithCategories(IEnumerable<int> ids) => new(CategoryIds.Concat(ids).ToHashSet(), SkuOwners, SlugOwners);
}
