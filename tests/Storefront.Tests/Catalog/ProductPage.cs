using System.Net;
using AngleSharp.Html.Parser;

namespace Storefront.Tests.Catalog;

/// <summary>
/// The product page at /products/{slug}. Written ahead of the pages themselves: these fail until
/// the product page lands, and then say what it must show.
/// </summary>
public class ProductPage(StorefrontHost host) : CatalogTestBase(host)
{
    private async Task<string> PageTextAsync(string url)
    {
        using var response = await Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        // Collapse whitespace: Razor output breaks text across lines.
        return string.Join(' ', (document.Body?.TextContent ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    // Found by the fuzz test: a blank slug bound as null and the lookup threw, a 500.
    [Theory]
    [InlineData("/products/%20")]
    [InlineData("/api/products/%20")]
    public async Task ABlankAddress_IsNotFound(string url)
    {
        await Data.Product("ANY-1").SaveAsync();
        using var response = await Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task BackorderedProductPageSaysBackorderAndWhenItShips()
    {
        await Data.Product("BO-PAGE").Named("Walnut tray", slug: "walnut-tray").OutOfStock().Backorderable()
            .WithDelivery(Today.AddDays(9), 5).SaveAsync();

        var text = await PageTextAsync("/products/walnut-tray");

        Assert.Contains("Walnut tray", text);
        Assert.Contains("Backorder — ships by 12 March 2027", text);
    }

    [Fact]
    public async Task LowStockProductPageSaysHowManyAreLeft()
    {
        await Data.Product("LOW-PAGE").Named("Linen napkin", slug: "linen-napkin").InStock(3).SaveAsync();

        var text = await PageTextAsync("/products/linen-napkin");

        Assert.Contains("Only 3 left", text);
    }

    [Fact]
    public async Task OutOfStockProductPageSaysWhenItIsExpectedBack()
    {
        await Data.Product("OOS-PAGE").Named("Copper kettle", slug: "copper-kettle").OutOfStock()
            .RestockExpected(Today.AddDays(11)).SaveAsync();

        var text = await PageTextAsync("/products/copper-kettle");

        Assert.Contains("Out of stock — expected back 12 March 2027", text);
    }

    [Fact]
    public async Task UnknownSlugIs404()
    {
        using var response = await Client.GetAsync("/products/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
