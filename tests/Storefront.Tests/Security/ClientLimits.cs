using System.Net;
using System.Net.Http.Headers;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Security;

/// <summary>
/// Order placement and the inventory API are limited per client (RateLimits:Checkout, RateLimits:InventoryApi):
/// beyond the limit a 429 with Retry-After (problem+json for the API), nothing changed; other clients
/// and reading pages are not affected. Small limits here, to reach them quickly.
/// </summary>
public sealed class ClientLimits(StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    private const string Key = "bootstrap-key-for-limit-tests";
    private StorefrontFactory _app = null!;

    public async Task InitializeAsync() =>
        _app = await host.AppForTestAsync(new StorefrontOptions
        {
            Settings = new Dictionary<string, string?>
            {
                ["RateLimits:Checkout:PermitLimit"] = "3",
                ["RateLimits:Checkout:Window"] = "00:10:00",
                // The rate limit is what is tested here, not how many unpaid orders one browser may have.
                ["Checkout:MaxUnpaidOrdersPerClient"] = "10",
                ["RateLimits:InventoryApi:PermitLimit"] = "5",
                ["RateLimits:InventoryApi:Window"] = "00:10:00",
                ["AdminApi:BootstrapKey"] = Key,
            },
        });

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AFourthOrderPlacementFromOneClient_IsRefusedWith429_AndHoldsNoStock()
    {
        // Before: every post placed an order and held stock, as fast as a script could send them.
        var product = await _app.Data().Product("LIM-1").InStock(50).SaveAsync();
        using var shopper = new ShopperSession(_app);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(product.Id, 1)])).StatusCode);
        }

        var refused = await shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(product.Id, 1)]);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 600);
        Assert.Contains("try again", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(3, await _app.WithDbAsync(db => Task.FromResult(db.Orders.Count())));
        // Reading the checkout page is not counted, and another shopper can still order.
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await shopper.Client.GetAsync("/Checkout")).StatusCode);
        using var other = new ShopperSession(_app);
        other.Client.DefaultRequestHeaders.Add(StorefrontFactory.ClientAddressHeader, "127.210.0.1");
        Assert.Equal(HttpStatusCode.Redirect, (await other.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(product.Id, 1)])).StatusCode);
    }

    [Fact]
    public async Task TheInventoryApi_AnswersASixthRequestWith429ProblemJson()
    {
        await _app.Data().Product("LIM-2").InStock(5).SaveAsync();
        using var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/admin/products/LIM-2/stock")).StatusCode);
        }

        var refused = await client.GetAsync("/api/admin/products/LIM-2/stock");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.Contains("Retry-After"));
        // Made-up keys don't open a fresh allowance: the limit is per client, not per key.
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sfk_made_up");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/admin/products/LIM-2/stock")).StatusCode);
    }
}
