using System.Globalization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Storefront.Core.Catalog;

namespace Storefront.Web.Pages;

/// <summary>The shop's front page: browse by category, search, sort and page through the catalog.</summary>
public class IndexModel(CatalogBrowser catalog) : PageModel
{
    public const int PageSize = 24;
    private const int MaxSearchLength = 200;

    /// <summary>Sort options as they appear in addresses, so a shared link keeps its order.</summary>
    public static readonly IReadOnlyList<(string Value, string Label, CatalogSort Sort)> SortOptions =
    [
        ("featured", "Featured", CatalogSort.Featured),
        ("name", "Name", CatalogSort.NameAsc),
        ("price-asc", "Price: low to high", CatalogSort.PriceAsc),
        ("price-desc", "Price: high to low", CatalogSort.PriceDesc),
        ("newest", "Newest", CatalogSort.Newest),
    ];

    public CatalogPage Results { get; private set; } = new([], 1, PageSize, 0);
    public IReadOnlyList<Category> Categories { get; private set; } = [];
    public Category? CurrentCategory { get; private set; }
    public string? Q { get; private set; }
    public string? CategorySlug { get; private set; }
    public string SortValue { get; private set; } = "featured";

    public int FirstShown => Results.Total == 0 ? 0 : (Results.Page - 1) * Results.PageSize + 1;
    public int LastShown => FirstShown == 0 ? 0 : FirstShown + Results.Items.Count - 1;

    // Query values arrive as raw strings: a mistyped or hand-edited address shows the defaults
    // rather than an error page.
    public async Task OnGetAsync(string? q, string? category, string? sort, string? p, CancellationToken ct)
    {
        var search = q?.Trim();
        Q = string.IsNullOrEmpty(search) ? null : search.Length > MaxSearchLength ? search[..MaxSearchLength] : search;
        CategorySlug = string.IsNullOrWhiteSpace(category) ? null : category.Trim().ToLowerInvariant();
        var option = SortOptions.FirstOrDefault(o => string.Equals(o.Value, sort?.Trim(), StringComparison.OrdinalIgnoreCase));
        SortValue = option.Value ?? "featured";
        var page = int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n : 1;

        Categories = await catalog.CategoriesAsync(ct);
        CurrentCategory = Categories.FirstOrDefault(c => c.Slug == CategorySlug);
        Results = await catalog.BrowseAsync(new CatalogQuery(Q, CategorySlug, option.Value is null ? CatalogSort.Featured : option.Sort, page, PageSize), ct);
    }

    public string Heading => (Q, CurrentCategory) switch
    {
        ({ } q, { } c) => $"“{q}” in {c.Name}",
        ({ } q, null) => $"Results for “{q}”",
        (null, { } c) => c.Name,
        _ => "All products",
    };

    /// <summary>The address of this listing with some values changed; defaults are left out to keep links short.</summary>
    /// <remarks>Written out rather than asked of the router: a catalog page has a link per category and page number.</remarks>
    public string ListUrl(string? category = null, int page = 1, bool keepCategory = true)
    {
        var query = new QueryBuilder();
        Add(query, "q", Q);
        Add(query, "category", keepCategory ? CategorySlug : category);
        Add(query, "sort", SortValue == "featured" ? null : SortValue);
        Add(query, "p", page > 1 ? page.ToString(CultureInfo.InvariantCulture) : null);
        return "/" + query.ToQueryString();

        static void Add(QueryBuilder query, string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add(key, value);
            }
        }
    }

    public string CategoryUrl(string? slug) => ListUrl(category: slug, keepCategory: false);

    public string PageUrl(int page) => ListUrl(page: page);

    /// <summary>Page numbers to offer: first, last and two either side of the current one; null marks a gap.</summary>
    public IEnumerable<int?> PageNumbers()
    {
        var (current, count) = (Results.Page, Results.PageCount);
        int? last = null;
        for (var i = 1; i <= count; i++)
        {
            if (i == 1 || i == count || Math.Abs(i - current) <= 2)
            {
                if (last is { } l && i - l > 1)
                {
                    yield return null;
                }
                yield return i;
                last = i;
            }
        }
    }
}
