using System.Net;
using Microsoft.EntityFrameworkCore;
using Storefront.Tests.Admin;

namespace Storefront.Tests.Catalog;

/// <summary>
/// Rows already in the database with dates at the calendar's ends, or stock figures no rule of the
/// store would write, must not take down a page that lists many products: each such product is
/// shown (out of stock when its figures can't be read), the others as usual. Reproduction: a stock
/// row with a negative backordered count (edited by hand) made the catalog, the feed, the Admin
/// product list and the dashboard answer 500 for everyone.
/// </summary>
public sealed class OneBadRowInAListing(StorefrontHost host) : AdminTestBase(host)
{
    private static readonly string[] Listings = ["/", "/?category=test-goods", "/?q=teapot", "/api/products", "/Cart"];
    private static readonly string[] StaffListings = ["/Admin", "/Admin/Products", "/Admin/Products?state=OutOfStock", "/Admin/Backorders", "/Admin/Deliveries"];

    private async Task SoundProductAsync() =>
        await Data.Product("OK-1").Named("Sound Teapot", "sound-teapot").OnHand(30).SaveAsync();

    [Fact]
    public async Task ProductsWithDatesAtTheCalendarsEnds_AreListedWithTheOthers()
    {
        await SoundProductAsync();
        await Data.Product("EXT-1").Named("Teapot Restocked In 9999", "ext-1").OutOfStock().Backorderable().RestockExpected(DateOnly.MaxValue).SaveAsync();
        await Data.Product("EXT-2").Named("Teapot Delivered In 9999", "ext-2").OutOfStock().Backorderable().WithDelivery(DateOnly.MaxValue, 5).SaveAsync();
        await Data.Product("EXT-3").Named("Teapot Released In 9999", "ext-3").OnHand(3).ReleasedOn(DateOnly.MaxValue).SaveAsync();
        await Data.Product("EXT-4").Named("Teapot Released In Year 1", "ext-4").OutOfStock().Backorderable()
            .ReleasedOn(DateOnly.MinValue).RestockExpected(DateOnly.MinValue).WithDelivery(DateOnly.MinValue, 2).SaveAsync();

        await AssertListingsShowAsync("Sound Teapot", "Teapot Restocked In 9999", "Teapot Released In Year 1");
        foreach (var slug in new[] { "ext-1", "ext-2", "ext-3", "ext-4" })
        {
            Assert.Equal(HttpStatusCode.OK, (await Staff.Client.GetAsync($"/products/{slug}")).StatusCode);
        }
    }

    [Fact]
    public async Task AProductWhoseStockRowBreaksTheRules_IsShownOutOfStock_AndTheOthersAsUsual()
    {
        await SoundProductAsync();
        var broken = await Data.Product("BAD-1").Named("Teapot Edited By Hand", "bad-1").OutOfStock().Backorderable().RestockExpected(Today.AddDays(9)).SaveAsync();
        await App.WithDbAsync(async db =>
        {
            // SQLite's CHECK constraints stand for the store's rules; a hand edit can step around them.
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlAsync(
                $"PRAGMA ignore_check_constraints = ON; UPDATE \"Stock\" SET \"Backordered\" = -5 WHERE \"ProductId\" = {broken.Id}; PRAGMA ignore_check_constraints = OFF;");
        });

        await AssertListingsShowAsync("Sound Teapot", "Teapot Edited By Hand");
        var page = await Staff.Client.GetAsync("/products/bad-1");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Out of stock", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task AssertListingsShowAsync(params string[] names)
    {
        using var shopper = App.CreateClient();
        foreach (var url in Listings)
        {
            var response = await shopper.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}");
            if (url is "/" or "/api/products")
            {
                var body = await response.Content.ReadAsStringAsync();
                Assert.All(names, n => Assert.Contains(n, body, StringComparison.Ordinal));
            }
        }
        foreach (var url in StaffListings)
        {
            var response = await Staff.Client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}");
        }
    }
}
