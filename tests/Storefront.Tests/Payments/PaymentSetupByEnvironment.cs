using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using Storefront.Core.Identity;
using Storefront.Core.Orders;
using Storefront.Core.Payments;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Payments;

/// <summary>
/// Which payments the store takes by environment (ADR 0014). The reproduction: in Production with no
/// Stripe keys the built-in test gateway stayed on, and card 4242… marked a real order Paid.
/// </summary>
public sealed class PaymentSetupByEnvironment : IAsyncLifetime
{
    private const string Banner = "Test mode — no real charges";

    private readonly List<StorefrontFactory> _apps = [];
    private readonly CapturedLog _log = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
    }

    private async Task<StorefrontFactory> StartAsync(string environment, bool? testMode)
    {
        var app = new StorefrontFactory(new StorefrontOptions
        {
            Environment = environment,
            PaymentsTestMode = testMode,
            ConfigureServices = services => services.AddSingleton<ILogEventSink>(_log),
        });
        _apps.Add(app);
        await app.StartAsync();
        return app;
    }

    [Fact]
    public async Task InProductionWithoutStripeOrTestModeCheckoutSaysPaymentsAreNotConfiguredAndNothingIsPaid()
    {
        var app = await StartAsync("Production", testMode: null);
        var lamp = await app.Data().Product("PROD-1").Priced(2500).OnHand(5).SaveAsync();
        using var shopper = new ShopperSession(app);
        await shopper.AddToCartAsync(lamp.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "1");

        var form = WebUtility.HtmlDecode(await shopper.Client.GetStringAsync("/Checkout"));
        var placed = await shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(lamp.Id, 1)]);
        var refused = WebUtility.HtmlDecode(await placed.Content.ReadAsStringAsync());
        var testPayPage = await shopper.PostAsync("/Checkout/Pay/pay_anything", [new("CardNumber", TestCards.Approved)]);

        Assert.Contains(PaymentSetup.NotConfiguredMessage, form, StringComparison.Ordinal);
        Assert.Matches("<button[^>]*disabled[^>]*>Place order</button>", form);
        Assert.DoesNotContain(Banner, form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, placed.StatusCode); // the form again, with the message; not a redirect to a payment page
        Assert.Contains(PaymentSetup.NotConfiguredMessage, refused, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, testPayPage.StatusCode);
        await app.WithDbAsync(async db =>
        {
            Assert.Equal(0, await db.Orders.CountAsync());
            Assert.Equal(0, await db.Payments.CountAsync());
            Assert.Equal(0, (await db.Stock.SingleAsync(s => s.ProductId == lamp.Id)).Allocated);
        });
        Assert.Contains(_log.Events, e => e.Level == LogEventLevel.Warning
            && e.RenderMessage().Contains("Payments are not configured", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InProductionWithTestModeSetExplicitlyEveryPageShowsTheBannerAndTheTestCardPays()
    {
        var app = await StartAsync("Production", testMode: true);
        var lamp = await app.Data().Product("PROD-2").Priced(2500).OnHand(5).SaveAsync();
        using var shopper = new ShopperSession(app);
        using var staff = new ShopperSession(app);
        await staff.SignInAsNewUserAsync(app, "clerk@storefront.test", Roles.Staff);

        var home = WebUtility.HtmlDecode(await shopper.Client.GetStringAsync("/"));
        var admin = WebUtility.HtmlDecode(await staff.Client.GetStringAsync("/Admin"));
        var refunds = WebUtility.HtmlDecode(await staff.Client.GetStringAsync("/Admin/Refunds"));
        var paid = await shopper.PayAsync(await shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(lamp.Id, 1)]), TestCards.Approved);

        Assert.Contains(Banner, home, StringComparison.Ordinal);
        Assert.Contains(Banner, admin, StringComparison.Ordinal);
        Assert.Contains(Banner, refunds, StringComparison.Ordinal);
        Assert.StartsWith("/Checkout/Confirmation/", paid.Headers.Location!.ToString(), StringComparison.Ordinal);
        var confirmation = WebUtility.HtmlDecode(await shopper.Client.GetStringAsync(paid.Headers.Location));
        Assert.Contains(Banner, confirmation, StringComparison.Ordinal);
        await app.WithDbAsync(async db => Assert.Equal(OrderStatus.Paid, (await db.Orders.SingleAsync()).Status));
        Assert.Contains(_log.Events, e => e.Level == LogEventLevel.Warning
            && e.RenderMessage().Contains("Payments in test mode", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InDevelopmentTheTestGatewayIsOnByDefaultAndEveryPageSaysSo()
    {
        var app = await StartAsync("Development", testMode: null);
        var lamp = await app.Data().Product("DEV-1").Priced(2500).OnHand(5).SaveAsync();
        using var shopper = new ShopperSession(app);

        var home = WebUtility.HtmlDecode(await shopper.Client.GetStringAsync("/"));
        var placed = await shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(lamp.Id, 1)]);
        var payPage = WebUtility.HtmlDecode(await shopper.Client.GetStringAsync(placed.Headers.Location));

        Assert.Contains(Banner, home, StringComparison.Ordinal);
        Assert.Contains(Banner, payPage, StringComparison.Ordinal);
        Assert.StartsWith("/Checkout/Pay/", placed.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Keeps what Serilog writes, to read the start-up log.</summary>
    private sealed class CapturedLog : ILogEventSink
    {
        private readonly ConcurrentQueue<LogEvent> _events = new();

        public IEnumerable<LogEvent> Events => _events;

        public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);
    }
}
