using Microsoft.AspNetCore.Mvc.RazorPages;
using Storefront.Core.Catalog;

namespace Storefront.Web.Pages;

public class IndexModel(CatalogBrowser catalog) : PageModel
{
    public CatalogPage Results { get; private set; } = new([], 1, 24, 0);
    public List<Category> Categories { get; private set; } = [];
    public string? Q { get; private set; }
    public string? Category { get; private set; }
    public CatalogSort Sort { get; private set; }

    public async Task OnGetAsync(string? q, string? category, CatalogSort? sort, int? p, CancellationToken ct)
    {
        Q = q;
        Category = category;
        Sort = sort ?? CatalogSort.Featured;
        Categories = await catalog.CategoriesAsync(ct);
        Results = await catalog.BrowseAsync(new CatalogQuery(q, category, Sort, p ?? 1, 24), ct);
    }
}
