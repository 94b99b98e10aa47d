using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Storefront.Core.Availability;
using Storefront.Core.Catalog;
using Storefront.Core.Common;
using Storefront.Core.Data;

namespace Storefront.Web.Catalog;

/// <summary>
/// What search engines and shopping feeds read: a product page's schema.org structured data, the
/// Google Merchant Center feed, the sitemap and robots.txt. Availability words come from
/// <see cref="SearchAvailability"/>, so a backorder is never announced as a sale; every absolute
/// address is on Store:BaseUrl (ADR 0016, 0023).
/// </summary>
public static class SearchEngines
{
    public const string GoogleNamespace = "http://base.google.com/ns/1.0";

    /// <summary>
    /// HTML-sensitive characters (&lt; &gt; &amp; ' ") are written as \uXXXX escapes, so no product text
    /// can close the script element it sits in; other letters stay readable.
    /// </summary>
    private static readonly JsonSerializerOptions ScriptSafe = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>Paths no search engine needs: staff pages, a shopper's cart, checkout, orders and account.</summary>
    public static readonly IReadOnlyList<string> Disallowed = ["/Admin", "/Cart", "/Checkout", "/Orders", "/Identity", "/Subscriptions", "/api"];

    public static IEndpointRouteBuilder MapSearchEngineFeeds(this IEndpointRouteBuilder app)
    {
        app.MapGet("/feeds/google.xml", GoogleFeedAsync);
        app.MapGet("/sitemap.xml", SitemapAsync);
        app.MapGet("/robots.txt", Robots);
        return app;
    }

    /// <summary>An absolute address for a path, or the address itself when it already is one (a merchant's image on a CDN).</summary>
    public static string Absolute(StoreOptions store, string pathOrUrl) =>
        Uri.TryCreate(pathOrUrl, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" ? pathOrUrl : store.Link(pathOrUrl);

    /// <summary>The schema.org Product, with its Offer, as JSON safe to write inside a script element.</summary>
    public static string ProductJsonLd(CatalogItem item, StoreOptions store)
    {
        var (p, a) = (item.Product, item.Availability);
        var url = Absolute(store, ProductFeed.ProductUrl(p));
        var offer = new JsonObject
        {
            ["@type"] = "Offer",
            ["url"] = url,
            ["price"] = p.Price.ToInvariantString(),
            ["priceCurrency"] = p.Currency.ToUpperInvariant(),
            ["availability"] = SearchAvailability.SchemaOrg(a.State),
            ["itemCondition"] = "https://schema.org/NewCondition",
        };
        if (SearchAvailability.Starts(a) is { } starts)
        {
            offer["availabilityStarts"] = SearchAvailability.Iso8601(starts);
        }
        var product = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "Product",
            ["sku"] = p.Sku,
            ["name"] = p.Name,
            ["image"] = Absolute(store, AvailabilityDisplay.ImageUrl(p)),
            ["description"] = PlainDescription(p),
            ["url"] = url,
        };
        if (p.Category is { } category)
        {
            product["category"] = category.Name;
        }
        product["offers"] = offer;
        return product.ToJsonString(ScriptSafe);
    }

    /// <summary>The product's description, or a sentence about it when it has none (feeds require one).</summary>
    public static string PlainDescription(Product p) =>
        string.IsNullOrWhiteSpace(p.Description) ? p.Name : p.Description.Trim();

    /// <summary>
    /// Every product as a Google Merchant Center item (RSS 2.0 with the g: namespace). Read through the
    /// catalog cache a page of 100 at a time, like the JSON feed: a warm feed costs no SQL command.
    /// </summary>
    private static async Task GoogleFeedAsync(HttpContext http, CatalogBrowser catalog, IOptions<StoreOptions> options, CancellationToken ct)
    {
        var store = options.Value;
        http.Response.ContentType = "application/xml; charset=utf-8";
        await using var xml = XmlWriter.Create(http.Response.Body, new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false), Indent = true });
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync(null, "rss", null);
        await xml.WriteAttributeStringAsync(null, "version", null, "2.0");
        await xml.WriteAttributeStringAsync("xmlns", "g", null, GoogleNamespace);
        await xml.WriteStartElementAsync(null, "channel", null);
        await xml.WriteElementStringAsync(null, "title", null, store.Name);
        await xml.WriteElementStringAsync(null, "link", null, store.Link("/"));
        await xml.WriteElementStringAsync(null, "description", null, $"Everything {store.Name} sells, with prices and availability.");
        await foreach (var item in catalog.EveryProductAsync(ct))
        {
            await WriteItemAsync(xml, item, store);
        }
        await xml.WriteEndElementAsync();
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
    }

    private static async Task WriteItemAsync(XmlWriter xml, CatalogItem item, StoreOptions store)
    {
        var (p, a) = (item.Product, item.Availability);
        await xml.WriteStartElementAsync(null, "item", null);
        await G(xml, "id", p.Sku);
        await G(xml, "title", Printable(p.Name));
        await G(xml, "description", Printable(PlainDescription(p)));
        await G(xml, "link", Absolute(store, ProductFeed.ProductUrl(p)));
        await G(xml, "image_link", Absolute(store, AvailabilityDisplay.ImageUrl(p)));
        await G(xml, "price", $"{p.Price.ToInvariantString()} {p.Currency.ToUpperInvariant()}");
        await G(xml, "availability", SearchAvailability.Google(a.State));
        if (SearchAvailability.Starts(a) is { } starts)
        {
            await G(xml, "availability_date", SearchAvailability.Iso8601(starts));
        }
        await G(xml, "condition", "new");
        if (p.Category is { } category)
        {
            await G(xml, "product_type", Printable(category.Name));
        }
        await xml.WriteEndElementAsync();

        static Task G(XmlWriter xml, string name, string value) => xml.WriteElementStringAsync("g", name, GoogleNamespace, value);
    }

    /// <summary>
    /// Text without the characters XML 1.0 cannot carry at all (control characters, U+FFFE/U+FFFF, a
    /// half of a surrogate pair), which XmlWriter would refuse mid-feed; it escapes everything else.
    /// </summary>
    private static string Printable(string text)
    {
        var kept = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i]))
            {
                kept.Append(text[i]);
            }
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                kept.Append(text[i]).Append(text[i + 1]);
                i++;
            }
        }
        return kept.Length == text.Length ? text : kept.ToString();
    }

    /// <summary>
    /// Every product page and category listing, with the last time its page changed: the later of the
    /// product's last edit (<see cref="Product.UpdatedAt"/>: price, text, picture…) and its last stock
    /// movement, and for a category its newest product. Two SQL commands.
    /// </summary>
    private static async Task SitemapAsync(HttpContext http, StorefrontDbContext db, IOptions<StoreOptions> options, CancellationToken ct)
    {
        var store = options.Value;
        var products = await db.Products.AsNoTracking()
            .OrderBy(p => p.Id)
            .Select(p => new { p.Slug, p.CategoryId, p.CreatedAt, p.UpdatedAt, LastMovement = db.StockLedger.Where(e => e.ProductId == p.Id).Max(e => (DateTime?)e.CreatedAt) })
            .ToListAsync(ct);
        var categories = await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Name).Select(c => new { c.Id, c.Slug }).ToListAsync(ct);
        var changed = products.Select(p => (p.Slug, p.CategoryId, At: new[] { p.CreatedAt, p.UpdatedAt, p.LastMovement ?? default }.Max())).ToList();

        http.Response.ContentType = "application/xml; charset=utf-8";
        const string ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        await using var xml = XmlWriter.Create(http.Response.Body, new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false), Indent = true });
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync(null, "urlset", ns);
        await UrlAsync(store.Link("/"), changed.Count > 0 ? changed.Max(c => c.At) : null);
        foreach (var c in categories)
        {
            var newest = changed.Where(p => p.CategoryId == c.Id).Select(p => (DateTime?)p.At).Max();
            await UrlAsync(store.Link(ShopLinks.Category(c.Slug)), newest);
        }
        foreach (var p in changed)
        {
            await UrlAsync(Absolute(store, "/products/" + p.Slug), p.At);
        }
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();

        async Task UrlAsync(string loc, DateTime? lastModified)
        {
            await xml.WriteStartElementAsync(null, "url", ns);
            await xml.WriteElementStringAsync(null, "loc", ns, loc);
            if (lastModified is { } at)
            {
                await xml.WriteElementStringAsync(null, "lastmod", ns, SearchAvailability.Iso8601(new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc))));
            }
            await xml.WriteEndElementAsync();
        }
    }

    private static IResult Robots(IOptions<StoreOptions> options)
    {
        var text = new StringBuilder("User-agent: *\n");
        foreach (var path in Disallowed)
        {
            text.Append("Disallow: ").Append(path).Append('\n');
        }
        text.Append("\nSitemap: ").Append(options.Value.Link("/sitemap.xml")).Append('\n');
        return Results.Text(text.ToString(), "text/plain; charset=utf-8");
    }

    /// <summary>The canonical address of a page: its path on Store:BaseUrl, with only the query values that choose what it shows.</summary>
    public static string Canonical(StoreOptions store, string path, params (string Key, string? Value)[] query)
    {
        var kept = query.Where(q => !string.IsNullOrEmpty(q.Value)).Select(q => q.Key + "=" + Uri.EscapeDataString(q.Value!)).ToArray();
        return store.Link(kept.Length == 0 ? path : path + "?" + string.Join('&', kept));
    }
}
