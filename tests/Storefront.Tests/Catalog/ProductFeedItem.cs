using System.Net;
using System.Text.Json;

namespace Storefront.Tests.Catalog;

public class ProductFeedItem(StorefrontHost host) : CatalogTestBase(host)
{
    private async Task<JsonElement> GetItemAsync(string sku)
    {
        using var response = await Client.GetAsync("/api/products/" + sku);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static string[] Names(JsonElement e) => e.EnumerateObject().Select(p => p.Name).ToArray();

    [Fact]
    public async Task ItemHasExactlyTheFieldsOfTheFeedSpec()
    {
        await Data.Product("SHAPE-1").SaveAsync();

        var item = await GetItemAsync("SHAPE-1");

        Assert.Equal(["sku", "name", "url", "price", "availability"], Names(item));
        Assert.Equal(["amount", "currency"], Names(item.GetProperty("price")));
        Assert.Equal(["state", "maxQuantity", "eta", "releaseDate", "message"], Names(item.GetProperty("availability")));
    }

    [Fact]
    public async Task ListedItemsHaveTheSameShapeAsSingleItems()
    {
        await Data.Product("SHAPE-2").SaveAsync();

        using var response = await Client.GetAsync("/api/products");
        var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(["items", "page", "pageSize", "total"], Names(page));
        var item = page.GetProperty("items")[0];
        Assert.Equal(["sku", "name", "url", "price", "availability"], Names(item));
        Assert.Equal(["state", "maxQuantity", "eta", "releaseDate", "message"], Names(item.GetProperty("availability")));
    }

    [Fact]
    public async Task InStockItemCarriesPriceInMinorUnitsAndItsPageUrl()
    {
        await Data.Product("MUG-1").Named("Stoneware mug", slug: "stoneware-mug").Priced(1250, "EUR").InStock(8).SaveAsync();

        var item = await GetItemAsync("MUG-1");

        Assert.Equal("MUG-1", item.GetProperty("sku").GetString());
        Assert.Equal("Stoneware mug", item.GetProperty("name").GetString());
        Assert.Equal("/products/stoneware-mug", item.GetProperty("url").GetString());
        Assert.Equal(1250, item.GetProperty("price").GetProperty("amount").GetInt64());
        Assert.Equal("EUR", item.GetProperty("price").GetProperty("currency").GetString());
        var availability = item.GetProperty("availability");
        Assert.Equal("InStock", availability.GetProperty("state").GetString());
        // All 8 can be had (more than Checkout:MaxHeldUnitsPerProduct, 10, never: one order takes at most that).
        Assert.Equal(8, availability.GetProperty("maxQuantity").GetInt32());
        Assert.Equal(JsonValueKind.Null, availability.GetProperty("eta").ValueKind);
        Assert.Equal(JsonValueKind.Null, availability.GetProperty("releaseDate").ValueKind);
        Assert.Equal("In stock", availability.GetProperty("message").GetString());
    }

    [Fact]
    public async Task BackorderedItemGivesTheEtaAsAnIsoDateAndTheWordsForPeople()
    {
        await Data.Product("BO-1").OutOfStock().Backorderable().WithDelivery(Today.AddDays(9), 5).SaveAsync();

        var availability = (await GetItemAsync("BO-1")).GetProperty("availability");

        Assert.Equal("Backorder", availability.GetProperty("state").GetString());
        Assert.Equal(5, availability.GetProperty("maxQuantity").GetInt32());
        Assert.Equal("2027-03-12", availability.GetProperty("eta").GetString());
        Assert.Equal("Backorder — ships by 12 March 2027", availability.GetProperty("message").GetString());
    }

    [Fact]
    public async Task BackorderedItemEtaCountsTheQueueAlreadyWaiting()
    {
        await Data.Product("BO-Q").OutOfStock().Backordered(3).Backorderable()
            .WithDelivery(Today.AddDays(4), 2).WithDelivery(Today.AddDays(19), 5).SaveAsync();

        var availability = (await GetItemAsync("BO-Q")).GetProperty("availability");

        Assert.Equal("2027-03-22", availability.GetProperty("eta").GetString());
        Assert.Equal(4, availability.GetProperty("maxQuantity").GetInt32());
    }

    [Fact]
    public async Task PreOrderItemGivesItsReleaseDate()
    {
        await Data.Product("PRE-1").InStock(10).ReleasedOn(Today.AddDays(31)).SaveAsync();

        var availability = (await GetItemAsync("PRE-1")).GetProperty("availability");

        Assert.Equal("PreOrder", availability.GetProperty("state").GetString());
        Assert.Equal("2027-04-01", availability.GetProperty("releaseDate").GetString());
        Assert.Equal("Pre-order — released 1 April 2027", availability.GetProperty("message").GetString());
    }

    [Fact]
    public async Task OutOfStockItemWithoutEtaCannotBeBought()
    {
        await Data.Product("OOS-1").OutOfStock().Backorderable().SaveAsync();

        var availability = (await GetItemAsync("OOS-1")).GetProperty("availability");

        Assert.Equal("OutOfStock", availability.GetProperty("state").GetString());
        Assert.Equal(0, availability.GetProperty("maxQuantity").GetInt32());
        Assert.Equal("Out of stock", availability.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ReceivedAndCancelledDeliveriesGiveNoEta()
    {
        var product = await Data.Product("OOS-2").OutOfStock().Backorderable().WithDelivery(Today.AddDays(5), 4).SaveAsync();
        await App.WithDbAsync(async db =>
        {
            var delivery = db.InboundDeliveries.Single(d => d.ProductId == product.Id);
            delivery.Status = Storefront.Core.Inventory.DeliveryStatus.Cancelled;
            await db.SaveChangesAsync();
        });

        var availability = (await GetItemAsync("OOS-2")).GetProperty("availability");

        Assert.Equal("OutOfStock", availability.GetProperty("state").GetString());
    }

    [Fact]
    public async Task UnknownSkuIsA404Problem()
    {
        using var response = await Client.GetAsync("/api/products/NOPE-404");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task ASlugIsNotASku()
    {
        await Data.Product("SKU-9").Named("Nine", slug: "nine").SaveAsync();

        using var response = await Client.GetAsync("/api/products/nine");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
