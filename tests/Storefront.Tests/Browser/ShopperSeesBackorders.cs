using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Browser;

/// <summary>A real Chromium against the app on real Kestrel.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ShopperSeesBackorders(BrowserFixture browser, StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    private StorefrontFactory _app = null!;

    /// <summary>One app on Kestrel for the class, emptied for every test.</summary>
    public async Task InitializeAsync() =>
        _app = await host.AppForTestAsync(new StorefrontOptions { UseKestrel = true },
            new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero)));

    public Task DisposeAsync() => Task.CompletedTask;

    [BrowserFact]
    public async Task HomePageOpensInARealBrowser()
    {
        await _app.Data().Product("BO-HOME").Named("Oak bench", slug: "oak-bench").OutOfStock().Backorderable()
            .WithDelivery(new DateOnly(2027, 3, 10), 5).SaveAsync();
        var page = await browser.NewPageAsync(_app.ServerAddress);

        var home = await page.GotoAsync("/");

        Assert.Equal(200, home?.Status);
        await Assertions.Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("Storefront"));
        await page.Context.CloseAsync();
    }

    /// <summary>Fails until the product pages (/products/{slug}) land.</summary>
    [BrowserFact]
    public async Task BackorderedProductPageShowsBackorderAndTheShipDate()
    {
        await _app.Data().Product("BO-BROWSER").Named("Oak bench", slug: "oak-bench").OutOfStock().Backorderable()
            .WithDelivery(new DateOnly(2027, 3, 10), 5).SaveAsync();
        var page = await browser.NewPageAsync(_app.ServerAddress);

        var product = await page.GotoAsync("/products/oak-bench");

        Assert.Equal(200, product?.Status);
        await Assertions.Expect(page.GetByText("Backorder").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("ships by 12 March 2027");
        await page.Context.CloseAsync();
    }
}
