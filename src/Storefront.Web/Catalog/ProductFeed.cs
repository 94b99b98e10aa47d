using Microsoft.AspNetCore.Http.HttpResults;
using Storefront.Core.Availability;
using Storefront.Core.Catalog;
using Storefront.Core.Common;

namespace Storefront.Web.Catalog;

public sealed record FeedPrice(long Amount, string Currency);

public sealed record FeedAvailability(string State, int MaxQuantity, string? Eta, string? ReleaseDate, string Message);

public sealed record FeedItem(string Sku, string Name, string Url, FeedPrice Price, FeedAvailability Availability);

public sealed record FeedPage(IReadOnlyList<FeedItem> Items, int Page, int PageSize, int Total);

/// <summary>The JSON product feed for marketplaces and integrations. It says what the product pages say.</summary>
public static class ProductFeed
{
    public const int DefaultPageSize = 50;

    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/products").WithTags("Catalog");
        api.MapGet("/", ListAsync);
        api.MapGet("/{sku}", GetAsync);
        app.MapGet("/media/products/{sku}.svg", ProductImage.RenderAsync);
        app.MapGet(ProductImages.UrlPrefix + "{name}", ProductImageFiles.Serve);
        app.MapSearchEngineFeeds();
        return app;
    }

    private static async Task<Results<Ok<FeedPage>, ProblemHttpResult>> ListAsync(
        CatalogBrowser catalog, string? page, string? pageSize, string? search, string? category, CancellationToken ct)
    {
        if (!TryParsePositive(page, 1, out var pageNumber))
        {
            return TypedResults.Problem(title: "Invalid page", detail: "page must be a whole number of 1 or more.", statusCode: 400);
        }
        if (!TryParsePositive(pageSize, DefaultPageSize, out var size) || size > CatalogBrowser.MaxPageSize)
        {
            return TypedResults.Problem(title: "Invalid pageSize", detail: $"pageSize must be a whole number from 1 to {CatalogBrowser.MaxPageSize}.", statusCode: 400);
        }
        var result = await catalog.BrowseAsync(new CatalogQuery(search, category, CatalogSort.NameAsc, pageNumber, size), ct);
        return TypedResults.Ok(new FeedPage(result.Items.Select(ToFeedItem).ToList(), result.Page, result.PageSize, result.Total));
    }

    private static async Task<Results<Ok<FeedItem>, ProblemHttpResult>> GetAsync(string sku, CatalogBrowser catalog, CancellationToken ct)
    {
        var item = await catalog.FindAsync(sku, ct);
        if (item is null || !string.Equals(item.Product.Sku, sku, StringComparison.Ordinal))
        {
            return TypedResults.Problem(title: "Product not found", detail: $"No product has the SKU '{sku}'.", statusCode: 404);
        }
        return TypedResults.Ok(ToFeedItem(item));
    }

    public static FeedItem ToFeedItem(CatalogItem item)
    {
        var (p, a) = (item.Product, item.Availability);
        return new FeedItem(
            p.Sku,
            p.Name,
            ProductUrl(p),
            new FeedPrice(p.PriceAmount, p.Currency),
            new FeedAvailability(
                a.State.ToString(),
                a.MaxQuantity,
                (a.Eta ?? a.ExpectedBack) is { } eta ? DateText.Iso(eta) : null,
                a.ReleaseDate is { } r ? DateText.Iso(r) : null,
                a.Message));
    }

    public static string ProductUrl(Product p) => "/products/" + p.Slug;

    private static bool TryParsePositive(string? text, int fallback, out int value)
    {
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value) && value >= 1;
    }
}
