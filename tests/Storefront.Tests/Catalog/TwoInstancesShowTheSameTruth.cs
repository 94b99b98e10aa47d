using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Catalog;
using Storefront.Tests.Orders;
using Storefront.Tests.Infrastructure;
using Storefront.Web.Catalog;

namespace Storefront.Tests.Catalog;

/// <summary>
/// Two store instances on one PostgreSQL database, each caching what it shows (ADR 0017): a change
/// made on one shows on its very next request, and on the other within one second.
/// Each instance reads its product page and feed before the change, so both have it cached.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoInstancesShowTheSameTruth(PostgresServer postgres) : IAsyncLifetime
{
    /// <summary>What the store promises: another instance forgets a change within this long of its commit.</summary>
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(1);

    private StorefrontFactory _a = null!;
    private StorefrontFactory _b = null!;

    public async Task InitializeAsync()
    {
        if (TestEnvironment.PostgresUnavailableReason is not null)
        {
            return;
        }
        var database = await postgres.CreateDatabaseAsync();
        _a = new StorefrontFactory(new StorefrontOptions { PostgresConnectionString = database });
        _b = new StorefrontFactory(new StorefrontOptions { PostgresConnectionString = database });
        // A migrates the database first, then B finds it migrated.
        _ = _a.Services;
        _ = _b.Services;
        await Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_a is not null)
        {
            await _a.DisposeAsync();
            await _b.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task TheLastUnitCheckedOutOnA_IsABackorderOnBWithinASecond_AndStockReceivedOnB_IsInStockOnAWithinASecond()
    {
        var today = _a.Today;
        var kettle = await _a.Data().Product("TWO-1").Named("Copper Kettle", "copper-kettle").OnHand(1)
            .Backorderable().RestockExpected(today.AddDays(20)).SaveAsync();
        await WaitUntilAsync(_b, kettle, "Only 1 left", "LowStock");
        await WaitUntilAsync(_a, kettle, "Only 1 left", "LowStock");

        using (var shopper = new ShopperSession(_a))
        {
            var placed = await shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(kettle.Id, 1)]);
            var paid = await shopper.PayAsync(placed, "4242424242424242");
            Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        }
        var changed = Stopwatch.StartNew();

        // The instance that made the change: its very next request.
        Assert.Equal("Backorder", (await FeedAsync(_a, kettle)).Availability.State);
        Assert.Contains("Backorder", await PageAsync(_a, kettle), StringComparison.Ordinal);
        // The other one: within the promise.
        var seen = await WaitUntilAsync(_b, kettle, "Backorder — ships by", "Backorder");
        Assert.True(seen <= changed.Elapsed && seen <= Promise, $"Instance B showed the backorder {seen.TotalMilliseconds:0} ms after the checkout; the promise is {Promise.TotalMilliseconds:0} ms.");

        await OrderScenario.ReceiveAsync(_b, kettle.Id, 10);
        changed.Restart();
        Assert.Equal("InStock", (await FeedAsync(_b, kettle)).Availability.State);
        var back = await WaitUntilAsync(_a, kettle, "In stock", "InStock");
        Assert.True(back <= Promise, $"Instance A showed the receipt {back.TotalMilliseconds:0} ms after it; the promise is {Promise.TotalMilliseconds:0} ms.");
    }

    [PostgresFact]
    public async Task APriceStaffChangeOnA_ShowsInBsCatalogWithinASecond()
    {
        var lamp = await _a.Data().Product("TWO-2").Named("Brass Lamp", "brass-lamp").Priced(4_500).OnHand(30).SaveAsync();
        await WaitForCatalogAsync(_b, "$45.00");

        await using (var scope = _a.CreateScope())
        {
            var editing = scope.ServiceProvider.GetRequiredService<ProductEditing>();
            var draft = await ProductDraftFor(scope.ServiceProvider, lamp.Id);
            var saved = await editing.UpdateAsync(lamp.Id, draft with { Price = "52.00" });
            Assert.Equal(ProductSaveOutcome.Saved, saved.Outcome);
        }

        Assert.Contains("$52.00", await CatalogAsync(_a), StringComparison.Ordinal);
        var seen = await WaitForCatalogAsync(_b, "$52.00");
        Assert.True(seen <= Promise, $"Instance B showed the new price {seen.TotalMilliseconds:0} ms after the save; the promise is {Promise.TotalMilliseconds:0} ms.");
        Assert.DoesNotContain("$45.00", await CatalogAsync(_b), StringComparison.Ordinal);
    }

    private static async Task<ProductDraft> ProductDraftFor(IServiceProvider services, int productId)
    {
        var db = services.GetRequiredService<Storefront.Core.Data.StorefrontDbContext>();
        var product = await db.Products.FindAsync(productId) ?? throw new InvalidOperationException("No such product.");
        db.ChangeTracker.Clear();
        return ProductDraft.From(product);
    }

    /// <summary>Reads the product page and the feed until both say what is expected; returns how long that took.</summary>
    private static async Task<TimeSpan> WaitUntilAsync(StorefrontFactory app, Product product, string pageText, string feedState)
    {
        var watch = Stopwatch.StartNew();
        FeedItem? item = null;
        while (watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            var page = WebUtility.HtmlDecode(await PageAsync(app, product));
            item = await FeedAsync(app, product);
            if (page.Contains(pageText, StringComparison.Ordinal) && item.Availability.State == feedState)
            {
                return watch.Elapsed;
            }
            await Task.Delay(20);
        }
        Assert.Fail($"After 10 s the product page still does not say \"{pageText}\" (feed: {item?.Availability.State}).");
        return watch.Elapsed;
    }

    private static async Task<TimeSpan> WaitForCatalogAsync(StorefrontFactory app, string text)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            if ((await CatalogAsync(app)).Contains(text, StringComparison.Ordinal))
            {
                return watch.Elapsed;
            }
            await Task.Delay(20);
        }
        Assert.Fail($"After 10 s the catalog still does not show {text}.");
        return watch.Elapsed;
    }

    private static async Task<string> PageAsync(StorefrontFactory app, Product product)
    {
        using var client = app.CreateClient();
        return await client.GetStringAsync($"/products/{product.Slug}");
    }

    private static async Task<FeedItem> FeedAsync(StorefrontFactory app, Product product)
    {
        using var client = app.CreateClient();
        return await client.GetFromJsonAsync<FeedItem>($"/api/products/{product.Sku}") ?? throw new InvalidOperationException("Empty feed item.");
    }

    private static async Task<string> CatalogAsync(StorefrontFactory app)
    {
        using var client = app.CreateClient();
        return await client.GetStringAsync("/");
    }
}
