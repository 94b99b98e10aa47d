using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Storefront.Core.Availability;
using Storefront.Core.Common;

namespace Storefront.Tests.Catalog;

/// <summary>
/// What search engines and shopping feeds read (schema.org JSON-LD on product pages, the Google
/// Merchant Center feed, the sitemap and robots.txt) says what the availability service says, for
/// every state, on the store's public address.
/// </summary>
public class SearchEngineData(StorefrontHost host) : CatalogTestBase(host)
{
    private static readonly XNamespace G = "http://base.google.com/ns/1.0";
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";

    private static readonly (string Sku, AvailabilityState State, string SchemaOrg, string Google)[] States =
    [
        ("S-IN", AvailabilityState.InStock, "https://schema.org/InStock", "in_stock"),
        ("S-LOW", AvailabilityState.LowStock, "https://schema.org/LimitedAvailability", "in_stock"),
        ("S-BO", AvailabilityState.Backorder, "https://schema.org/BackOrder", "backorder"),
        ("S-PRE", AvailabilityState.PreOrder, "https://schema.org/PreOrder", "preorder"),
        ("S-OUT", AvailabilityState.OutOfStock, "https://schema.org/OutOfStock", "out_of_stock"),
        ("S-GONE", AvailabilityState.Discontinued, "https://schema.org/Discontinued", "out_of_stock"),
    ];

    private string BaseUrl => App.Services.GetRequiredService<IOptions<StoreOptions>>().Value.BaseUrl.TrimEnd('/');

    private async Task SaveOneOfEachStateAsync()
    {
        await Data.Product("S-IN").InStock(20).Priced(1234).SaveAsync();
        await Data.Product("S-LOW").InStock(2).SaveAsync();
        await Data.Product("S-BO").OutOfStock().Backorderable().WithDelivery(Today.AddDays(9), 5).SaveAsync();
        await Data.Product("S-PRE").InStock(10).ReleasedOn(Today.AddDays(20)).SaveAsync();
        await Data.Product("S-OUT").OutOfStock().RestockExpected(Today.AddDays(30)).SaveAsync();
        await Data.Product("S-GONE").OutOfStock().Discontinued().SaveAsync();
    }

    private async Task<ProductAvailability> AvailabilityOfAsync(string sku)
    {
        await using var scope = App.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Storefront.Core.Data.StorefrontDbContext>();
        var id = db.Products.Single(p => p.Sku == sku).Id;
        return (await scope.ServiceProvider.GetRequiredService<AvailabilityService>().ForProductAsync(id))!;
    }

    private static string? ExpectedStart(ProductAvailability a) =>
        a.State is AvailabilityState.Backorder or AvailabilityState.PreOrder ? a.Eta!.Value.ToString("yyyy-MM-dd") + "T00:00+00:00" : null;

    private async Task<JsonElement> JsonLdAsync(string slug)
    {
        var html = await Client.GetStringAsync("/products/" + slug);
        // Written as crawlers that read the markup without an HTML parser expect it, not entity-encoded.
        Assert.Contains("<script type=\"application/ld+json\">", html, StringComparison.Ordinal);
        var scripts = new HtmlParser().ParseDocument(html).QuerySelectorAll("script[type='application/ld+json']");
        var script = Assert.Single(scripts);
        return JsonDocument.Parse(script.TextContent).RootElement.Clone();
    }

    [Fact]
    public async Task EveryProductPage_DescribesItsOfferWithTheAvailabilityServicesAnswer()
    {
        await SaveOneOfEachStateAsync();

        foreach (var (sku, state, schemaOrg, _) in States)
        {
            var availability = await AvailabilityOfAsync(sku);
            Assert.Equal(state, availability.State);
            var product = await JsonLdAsync(sku.ToLowerInvariant());

            Assert.Equal("https://schema.org", product.GetProperty("@context").GetString());
            Assert.Equal("Product", product.GetProperty("@type").GetString());
            Assert.Equal(sku, product.GetProperty("sku").GetString());
            Assert.Equal("Product " + sku, product.GetProperty("name").GetString());
            Assert.Equal($"{BaseUrl}/products/{sku.ToLowerInvariant()}", product.GetProperty("url").GetString());
            Assert.Equal($"{BaseUrl}/media/products/{sku}.svg", product.GetProperty("image").GetString());
            Assert.Equal("A product made for a test.", product.GetProperty("description").GetString());
            var offer = product.GetProperty("offers");
            Assert.Equal("Offer", offer.GetProperty("@type").GetString());
            Assert.Equal("USD", offer.GetProperty("priceCurrency").GetString());
            Assert.Equal(schemaOrg, offer.GetProperty("availability").GetString());
            var start = offer.TryGetProperty("availabilityStarts", out var s) ? s.GetString() : null;
            Assert.Equal(ExpectedStart(availability), start);
        }
        Assert.Equal("12.34", (await JsonLdAsync("s-in")).GetProperty("offers").GetProperty("price").GetString());
    }

    [Fact]
    public async Task BackorderAndPreOrderStartDates_AreTheDatesThePageShows()
    {
        await SaveOneOfEachStateAsync();

        var backorder = (await JsonLdAsync("s-bo")).GetProperty("offers").GetProperty("availabilityStarts").GetString();
        var preorder = (await JsonLdAsync("s-pre")).GetProperty("offers").GetProperty("availabilityStarts").GetString();

        // Delivery in 9 days plus 2 handling days; release day for the pre-order.
        Assert.Equal("2027-03-12T00:00+00:00", backorder);
        Assert.Equal("2027-03-21T00:00+00:00", preorder);
    }

    [Fact]
    public async Task AProductNameThatClosesTheScript_StaysInsideTheStructuredData()
    {
        const string name = "Bad </script><script>alert(1)</script> & \"quoted\" 'name'";
        await Data.Product("XSS-1").Named(name, "xss-1").Described("<b>bold</b> </SCRIPT> text").SaveAsync();

        var html = await Client.GetStringAsync("/products/xss-1");
        var document = new HtmlParser().ParseDocument(html);

        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.OrdinalIgnoreCase);
        Assert.Single(document.QuerySelectorAll("script[type='application/ld+json']"));
        Assert.DoesNotContain(document.QuerySelectorAll("script:not([type])"), s => s.TextContent.Contains("alert", StringComparison.Ordinal));
        var product = await JsonLdAsync("xss-1");
        Assert.Equal(name, product.GetProperty("name").GetString());
        Assert.Equal("<b>bold</b> </SCRIPT> text", product.GetProperty("description").GetString());
    }

    [Fact]
    public async Task ProductPage_HasItsCanonicalAddressAndOpenGraphTags()
    {
        await Data.Product("OG-1").Named("Linen apron", "linen-apron").Priced(2500).SaveAsync();

        // Reached by SKU it redirects; the canonical address is the slug's, on the public address.
        var document = new HtmlParser().ParseDocument(await Client.GetStringAsync("/products/linen-apron?utm_source=x"));

        Assert.Equal($"{BaseUrl}/products/linen-apron", document.QuerySelector("link[rel=canonical]")?.GetAttribute("href"));
        string? Og(string property) => document.QuerySelector($"meta[property='{property}']")?.GetAttribute("content");
        Assert.Equal("product", Og("og:type"));
        Assert.Equal("Linen apron", Og("og:title"));
        Assert.Equal($"{BaseUrl}/products/linen-apron", Og("og:url"));
        Assert.Equal($"{BaseUrl}/media/products/OG-1.svg", Og("og:image"));
        Assert.Equal("A product made for a test.", Og("og:description"));
        Assert.Equal("25.00", Og("product:price:amount"));
        Assert.Equal("USD", Og("product:price:currency"));
    }

    [Fact]
    public async Task GoogleFeed_ListsEveryProductWithTheAvailabilityServicesAnswer()
    {
        await SaveOneOfEachStateAsync();

        using var response = await Client.GetAsync("/feeds/google.xml");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var rss = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;

        Assert.Equal("rss", rss.Name.LocalName);
        Assert.Equal("2.0", rss.Attribute("version")?.Value);
        var items = rss.Element("channel")!.Elements("item").ToDictionary(i => i.Element(G + "id")!.Value);
        Assert.Equal(States.Select(s => s.Sku).Order(), items.Keys.Order());
        foreach (var (sku, _, _, google) in States)
        {
            var availability = await AvailabilityOfAsync(sku);
            var item = items[sku];
            Assert.Equal(google, item.Element(G + "availability")?.Value);
            Assert.Equal(ExpectedStart(availability), item.Element(G + "availability_date")?.Value);
            Assert.Equal("Product " + sku, item.Element(G + "title")?.Value);
            Assert.Equal("A product made for a test.", item.Element(G + "description")?.Value);
            Assert.Equal($"{BaseUrl}/products/{sku.ToLowerInvariant()}", item.Element(G + "link")?.Value);
            Assert.Equal($"{BaseUrl}/media/products/{sku}.svg", item.Element(G + "image_link")?.Value);
            Assert.Equal("new", item.Element(G + "condition")?.Value);
        }
        Assert.Equal("12.34 USD", items["S-IN"].Element(G + "price")?.Value);
        Assert.Equal("19.99 USD", items["S-LOW"].Element(G + "price")?.Value);
    }

    [Fact]
    public async Task GoogleFeed_IsValidXmlForAnyProductText_AndPricesZeroDecimalCurrencies()
    {
        await Data.Product("TXT-1").Named("Knife & fork <set> \"deluxe\" \u0001bell\uFFFE \uD83D\uDD14").Described("Line one\nLine ]]> two").Priced(1200, "JPY").SaveAsync();

        var rss = XDocument.Parse(await Client.GetStringAsync("/feeds/google.xml"));
        var item = Assert.Single(rss.Descendants("item"));

        Assert.Equal("Knife & fork <set> \"deluxe\" bell \uD83D\uDD14", item.Element(G + "title")?.Value);
        Assert.Equal("Line one\nLine ]]> two", item.Element(G + "description")?.Value);
        Assert.Equal("1200 JPY", item.Element(G + "price")?.Value);
    }

    [Fact]
    public async Task GoogleFeed_SaysWhatChangedTheMomentStockChanges()
    {
        var product = await Data.Product("CH-1").InStock(20).SaveAsync();
        var before = XDocument.Parse(await Client.GetStringAsync("/feeds/google.xml"));
        Assert.Equal("in_stock", before.Descendants(G + "availability").Single().Value);

        await using (var scope = App.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<Storefront.Core.Inventory.StockAdjustments>()
                .AdjustAsync(product.Id, -20, "Water damage", "staff@example.test");
        }

        var after = XDocument.Parse(await Client.GetStringAsync("/feeds/google.xml"));
        Assert.Equal("out_of_stock", after.Descendants(G + "availability").Single().Value);
    }

    [Fact]
    public async Task Sitemap_ListsEveryProductAndCategoryWithLastModified()
    {
        var kitchen = await Data.CategoryAsync("Kitchen", "kitchen");
        var names = Enumerable.Range(1, 130).Select(i => $"MAP-{i:000}").ToList();
        foreach (var sku in names)
        {
            await Data.Product(sku).InCategory(kitchen).SaveAsync();
        }

        var sitemap = XDocument.Parse(await Client.GetStringAsync("/sitemap.xml")).Root!;

        Assert.Equal(Sitemap + "urlset", sitemap.Name);
        var urls = sitemap.Elements(Sitemap + "url").ToDictionary(u => u.Element(Sitemap + "loc")!.Value, u => u.Element(Sitemap + "lastmod")?.Value);
        foreach (var sku in names)
        {
            var lastmod = urls[$"{BaseUrl}/products/{sku.ToLowerInvariant()}"];
            Assert.True(DateTimeOffset.TryParse(lastmod, out _), lastmod);
        }
        Assert.NotNull(urls[$"{BaseUrl}/?category=kitchen"]);
        Assert.Contains($"{BaseUrl}/", urls.Keys);
        Assert.Equal(names.Count + 2, urls.Count); // the catalog, its one category, the products
    }

    [Fact]
    public async Task RobotsTxt_KeepsCrawlersOutOfPrivatePages_AndPointsToTheSitemap()
    {
        var robots = await Client.GetStringAsync("/robots.txt");
        var lines = robots.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Contains("User-agent: *", lines);
        foreach (var path in new[] { "/Admin", "/Cart", "/Checkout", "/Orders", "/Identity" })
        {
            Assert.Contains("Disallow: " + path, lines);
        }
        Assert.Contains($"Sitemap: {BaseUrl}/sitemap.xml", lines);
    }
}
