using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Storefront.Core.Orders;
using Storefront.Core.Payments;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Security;

/// <summary>
/// Absolute links never trust the Host header: the payment provider's return addresses and checkout's
/// redirects are on Store:BaseUrl. This host accepts any Host (as Development does) to prove it; outside
/// Development a foreign Host is refused outright (<see cref="ProductionTransport"/>).
/// </summary>
public sealed class StoreAddressLinks(StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    private const string BaseUrl = "https://shop.example";
    private static readonly ConcurrentQueue<PaymentReturnUrls> Returns = new();
    private StorefrontFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = await host.AppForTestAsync(new StorefrontOptions
        {
            Settings = new Dictionary<string, string?>
            {
                ["Store:BaseUrl"] = BaseUrl,
                ["AllowedHosts"] = "*",
            },
            ConfigureServices = services =>
            {
                services.RemoveAll<IPaymentGateway>();
                services.AddScoped<IPaymentGateway>(_ => new RecordingGateway(new TestPaymentGateway()));
            },
        });
        Returns.Clear();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task PlacingAnOrderWithAForgedHost_GivesThePaymentProviderReturnAddressesOnTheStore()
    {
        // Before: success and cancel URLs were built from the request, i.e. http://evil.example/…
        var product = await _app.Data().Product("LNK-1").InStock().SaveAsync();
        using var shopper = new ShopperSession(_app);
        await shopper.TokenAsync();
        shopper.Client.DefaultRequestHeaders.Host = "evil.example";

        var placed = await shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(product.Id, 1)]);

        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        var urls = Assert.Single(Returns);
        Assert.StartsWith(BaseUrl + "/Checkout/Confirmation/", urls.Success, StringComparison.Ordinal);
        Assert.Equal(BaseUrl + "/Cart", urls.Cancel);
    }

    [Fact]
    public async Task ARepeatedSubmitAfterPaying_RedirectsToTheStoreAddress_NotTheForgedHost()
    {
        var product = await _app.Data().Product("LNK-2").InStock().SaveAsync();
        using var shopper = new ShopperSession(_app);
        await shopper.TokenAsync();
        shopper.Client.DefaultRequestHeaders.Host = "evil.example";
        var key = Guid.NewGuid().ToString("N");
        await shopper.PayAsync(await shopper.PlaceOrderAsync(key, [(product.Id, 1)]), "4242 4242 4242 4242");

        var again = await shopper.PlaceOrderAsync(key, [(product.Id, 1)]);

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.StartsWith(BaseUrl + "/Checkout/Confirmation/", again.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    private sealed class RecordingGateway(IPaymentGateway inner) : IPaymentGateway
    {
        public string Name => inner.Name;

        public Task<PaymentSession> BeginAsync(Order order, Payment payment, PaymentReturnUrls urls, CancellationToken ct = default)
        {
            Returns.Enqueue(urls);
            return inner.BeginAsync(order, payment, urls, ct);
        }

        public Task<RefundOutcome> RefundAsync(Payment payment, long amount, string idempotencyKey, CancellationToken ct = default) =>
            inner.RefundAsync(payment, amount, idempotencyKey, ct);
    }
}
