using Storefront.Core.Identity;
using Storefront.Tests.Infrastructure;
using Storefront.Tests.Inventory;

namespace Storefront.Tests.Admin;

public sealed class BackordersPages(StorefrontHost host) : InventoryTestBase(host)
{
    [Fact]
    public async Task QueueShowsPositionsAndTheCsvHasEveryFilteredLine()
    {
        var data = App.Data();
        var product = await data.Product("Q-1").OutOfStock().Backorderable().RestockExpected(Today.AddDays(10)).SaveAsync();
        var other = await data.Product("Q-2").OutOfStock().Backorderable().RestockExpected(Today.AddDays(10)).SaveAsync();
        var first = await PlacePaidOrderAsync(product.Id, 2, "first@example.test");
        var second = await PlacePaidOrderAsync(product.Id, 1, "second@example.test");
        await PlacePaidOrderAsync(other.Id, 1, "other@example.test");
        using var session = new ShopperSession(App);
        await session.SignInAsNewUserAsync(App, "staff@example.test", Roles.Staff);

        var page = await session.Client.GetStringAsync("/Admin/Backorders?Sku=Q-1");
        Assert.Contains(first.Number, page, StringComparison.Ordinal);
        Assert.DoesNotContain("other@example.test", page, StringComparison.Ordinal);

        var csv = await session.Client.GetAsync("/Admin/Backorders?handler=Csv&sku=Q-1");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var rows = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, rows.Length);
        Assert.StartsWith("sku,product,order,", rows[0], StringComparison.Ordinal);
        Assert.Equal($"Q-1,Product Q-1,{first.Number},Paid,first@example.test,2,2,2027-03-01T09:01:00Z,0,2027-03-13,2027-03-13,0,39.98,USD", rows[1]);
        Assert.Contains($"{second.Number},Paid,second@example.test,1,3,", rows[2], StringComparison.Ordinal);

        Clock.Advance(TimeSpan.FromDays(3));
        var old = await session.Client.GetStringAsync("/Admin/Backorders?handler=Csv&minAgeDays=4");
        Assert.Single(old.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
    }
}
