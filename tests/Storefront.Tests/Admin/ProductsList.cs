using System.Net;

namespace Storefront.Tests.Admin;

/// <summary>The Admin product list: search by SKU or name, filter by availability state.</summary>
public sealed class ProductsList(StorefrontHost host) : AdminTestBase(host)
{
    [Fact]
    public async Task SearchAndStateFilter_ShowOnlyMatchingProducts()
    {
        await Data.Product("LIST-1").Named("Blue Teapot", "blue-teapot").OnHand(50).SaveAsync();
        await Data.Product("LIST-2").Named("Green Teapot", "green-teapot").OutOfStock().Backorderable().WithDelivery(Today.AddDays(9), 5).SaveAsync();
        await Data.Product("LIST-3").Named("Red Kettle", "red-kettle").OnHand(2).SaveAsync();

        var teapots = await Staff.Client.GetStringAsync("/Admin/Products?q=teapot");
        var backorders = await Staff.Client.GetStringAsync("/Admin/Products?state=Backorder");
        var bySku = await Staff.Client.GetStringAsync("/Admin/Products?q=list-3");

        Assert.Contains("Blue Teapot", teapots, StringComparison.Ordinal);
        Assert.Contains("Green Teapot", teapots, StringComparison.Ordinal);
        Assert.DoesNotContain("Red Kettle", teapots, StringComparison.Ordinal);
        Assert.Contains("Green Teapot", backorders, StringComparison.Ordinal);
        Assert.DoesNotContain("Blue Teapot", backorders, StringComparison.Ordinal);
        Assert.Contains("Red Kettle", bySku, StringComparison.Ordinal);
        Assert.Contains("Low stock", bySku, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownStateOrPage_IsNotAnError()
    {
        Assert.Equal(HttpStatusCode.OK, (await Staff.Client.GetAsync("/Admin/Products?state=Nonsense&p=-4")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Staff.Client.GetAsync("/Admin/Products?p=999999")).StatusCode);
    }
}
