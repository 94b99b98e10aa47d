using System.Net;
using AngleSharp.Html.Parser;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Catalog;

/// <summary>What the shop says about products it cannot sell right now agrees with itself, on the product page and the cards.</summary>
public sealed class OutOfStockCopy(StorefrontHost host) : CatalogTestBase(host)
{
    private async Task<string> TextAsync(string url)
    {
        using var response = await Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        return string.Join(' ', (document.Body?.TextContent ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The page said "expected back 7 March" and, under the closed form, "We can't take orders for it until we know when more will ship".</summary>
    [Fact]
    public async Task AProductExpectedBack_SaysItCanBeOrderedOnceBack_NotThatNobodyKnowsWhen()
    {
        await Data.Product("OOS-BACK").Named("Copper kettle", slug: "copper-kettle").OutOfStock().NotBackorderable().RestockExpected(Today.AddDays(6)).SaveAsync();
        await Data.Product("OOS-NODATE").Named("Brass lamp", slug: "brass-lamp").OutOfStock().Backorderable().SaveAsync();

        var expected = await TextAsync("/products/copper-kettle");
        var unknown = await TextAsync("/products/brass-lamp");

        Assert.Contains("Out of stock — expected back 7 March 2027", expected, StringComparison.Ordinal);
        Assert.Contains("We can't take orders for it until it's back in stock.", expected, StringComparison.Ordinal);
        Assert.DoesNotContain("until we know when", expected, StringComparison.Ordinal);
        Assert.DoesNotContain("expected back", unknown, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("We can't take orders for it until we know when more will ship.", unknown, StringComparison.Ordinal);
    }

    /// <summary>Five units wait in the queue for the only delivery (5 units): it brings nothing back for a new shopper.</summary>
    [Fact]
    public async Task AQueueTakingEveryDelivery_ShowsNoExpectedBackDate_OnThePageTheCardOrTheFeed()
    {
        await Data.Product("OOS-QUEUE").Named("Oak bench", slug: "oak-bench").OutOfStock().Backorderable().Backordered(5)
            .WithDelivery(Today.AddDays(9), 5).SaveAsync();

        var page = await TextAsync("/products/oak-bench");
        var home = await TextAsync("/");
        var feed = await Client.GetStringAsync("/api/products/OOS-QUEUE");

        Assert.Contains("Out of stock", page, StringComparison.Ordinal);
        Assert.DoesNotContain("expected back", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("10 March", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Expected back", home, StringComparison.Ordinal);
        var availability = System.Text.Json.JsonDocument.Parse(feed).RootElement.GetProperty("availability");
        Assert.True(!availability.TryGetProperty("eta", out var eta) || eta.ValueKind == System.Text.Json.JsonValueKind.Null, feed);
        Assert.Equal("Out of stock", availability.GetProperty("message").GetString());
    }

    [Fact]
    public async Task SubscribingToBackInStock_ReplacesTheNotifyFormWithTheConfirmation()
    {
        await Data.Product("OOS-NOTIFY").Named("Stone mug", slug: "stone-mug").OutOfStock().SaveAsync();
        using var shopper = new ShopperSession(App);
        Assert.Contains("handler=NotifyMe", await shopper.Client.GetStringAsync("/products/stone-mug"), StringComparison.Ordinal);

        var posted = await shopper.PostAsync("/products/stone-mug?handler=NotifyMe", [new("Notify.Email", "ada@example.com")]);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var after = WebUtility.HtmlDecode(await shopper.Client.GetStringAsync(posted.Headers.Location!.ToString()));

        Assert.Contains("we've emailed ada@example.com a link to confirm", after, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=NotifyMe", after, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Notify.Email\"", after, StringComparison.Ordinal);
        var document = new HtmlParser().ParseDocument(after);
        Assert.Contains("we've emailed", document.QuerySelector("#notify-me")?.TextContent ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogCardsOfOutOfStockProducts_OfferNotifyMe_OnTheHomePageAndTheCategoryListing()
    {
        var category = await Data.DefaultCategoryAsync();
        await Data.Product("OOS-CARD").Named("Stone mug", slug: "stone-mug").OutOfStock().SaveAsync();
        await Data.Product("IN-CARD").Named("Clay pot", slug: "clay-pot").InStock(20).SaveAsync();
        await Data.Product("BO-CARD").Named("Oak bench", slug: "oak-bench").OutOfStock().Backorderable().WithDelivery(Today.AddDays(9), 5).SaveAsync();

        foreach (var url in new[] { "/", "/?category=" + category.Slug })
        {
            var document = new HtmlParser().ParseDocument(await Client.GetStringAsync(url));
            var links = document.QuerySelectorAll("a.notify-link");

            var link = Assert.Single(links);
            Assert.Equal("/products/stone-mug#notify-me", link.GetAttribute("href"));
            Assert.StartsWith("Notify me", link.TextContent, StringComparison.Ordinal);
            Assert.Contains("Stone mug", link.Closest("article")?.TextContent ?? "", StringComparison.Ordinal);
        }
        var product = new HtmlParser().ParseDocument(await Client.GetStringAsync("/products/stone-mug"));
        Assert.NotNull(product.QuerySelector("#notify-me form"));
    }

    /// <summary>"Only 2 left" sat next to "Up to 26 per order" without saying 24 of them are backordered (here 10, the most one order takes).</summary>
    [Fact]
    public async Task LowStockThatAlsoBackorders_SaysTheSplitUpFront()
    {
        await Data.Product("LOW-SPLIT").Named("Linen napkin", slug: "linen-napkin").OnHand(2).LowStockThreshold(5).Backorderable()
            .WithDelivery(Today.AddDays(9), 8).SaveAsync();

        var text = await TextAsync("/products/linen-napkin");

        Assert.Contains("Only 2 left", text, StringComparison.Ordinal);
        Assert.Contains("Up to 10 per order", text, StringComparison.Ordinal);
        Assert.Contains("2 ship now, the rest by 12 March 2027.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LowStockWithNothingToBackorder_SaysNoSplit()
    {
        await Data.Product("LOW-ONLY").Named("Linen towel", slug: "linen-towel").OnHand(2).LowStockThreshold(5).SaveAsync();

        var text = await TextAsync("/products/linen-towel");

        Assert.Contains("Up to 2 per order", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ship now", text, StringComparison.Ordinal);
    }
}
