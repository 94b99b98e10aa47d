using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Storefront.Core.Orders;
using Storefront.Core.Payments;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Browser;

/// <summary>
/// A shopper's whole journey in a real Chromium, the way a person does it: product pages, cart,
/// checkout form filled by its labels, the test gateway's payment page, the confirmation.
/// "Today" is 1 March 2027; the backordered product's delivery is due in 12 days (13 March), so
/// with the default two handling days it ships by 15 March 2027.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class CheckoutJourney(BrowserFixture browser, StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    private static readonly DateOnly Today = new(2027, 3, 1);
    private const string ShipsBy = "15 March 2027";

    /// <summary>Set to a folder (docs/screenshots) to save the cart and confirmation for the README.</summary>
    private const string ScreenshotVariable = "STOREFRONT_SCREENSHOTS";

    private StorefrontFactory _app = null!;

    /// <summary>One app on Kestrel for the class, emptied for every test.</summary>
    public async Task InitializeAsync() =>
        _app = await host.AppForTestAsync(new StorefrontOptions { UseKestrel = true },
            new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero)));

    public Task DisposeAsync() => Task.CompletedTask;

    [BrowserFact]
    public async Task ShopperBuysOneItemInStockAndOneOnBackorderAndPaysWithAGoodCard()
    {
        var (lamp, bench) = await TwoProductsAsync();
        var page = await browser.NewPageAsync(_app.ServerAddress);

        await FillCartAndCheckOutAsync(page, screenshot: "cart.png");
        await PayAsync(page, "4242 4242 4242 4242");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "your order is confirmed" })).ToBeVisibleAsync();
        var number = (await page.Locator("#order-number").InnerTextAsync()).Trim();
        Assert.Matches(@"\S", number);
        var lines = page.Locator(".confirmation-line");
        await Assertions.Expect(lines.Filter(new() { HasText = "Brass desk lamp" })).ToContainTextAsync("3 ship with the rest of your order by " + ShipsBy);
        await Assertions.Expect(lines.Filter(new() { HasText = "Oak bench" })).ToContainTextAsync("1 backordered — ships by " + ShipsBy);
        // 3 × $25.00 + 1 × $40.00 + $5.99 shipping.
        await Assertions.Expect(page.Locator("#amount-charged")).ToHaveTextAsync("$120.99");
        await ScreenshotAsync(page, "confirmation.png");

        await _app.WithDbAsync(async db =>
        {
            var order = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Number == number);
            Assert.Equal(OrderStatus.Paid, order.Status);
            Assert.Equal(12099, order.TotalAmount);
            Assert.True(order.BackorderTermsAccepted);
            Assert.Equal(3, order.Lines.Single(l => l.ProductId == lamp).AllocatedQuantity);
            Assert.Equal(1, order.Lines.Single(l => l.ProductId == bench).BackorderedQuantity);
            var payment = await db.Payments.AsNoTracking().SingleAsync(p => p.OrderId == order.Id);
            Assert.Equal(PaymentStatus.Succeeded, payment.Status);
            Assert.Equal(12099, payment.Amount);
        });
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task ShopperWhoseCardIsDeclinedSeesIt_KeepsTheHold_AndPaysTheSameOrderWithAnotherCard()
    {
        var (lamp, bench) = await TwoProductsAsync();
        var before = await StockAsync(lamp, bench);
        var page = await browser.NewPageAsync(_app.ServerAddress);

        await FillCartAndCheckOutAsync(page, screenshot: null);
        // While the shopper is on the payment page, the order holds the stock.
        var held = await StockAsync(lamp, bench);
        Assert.NotEqual(before, held);
        await PayAsync(page, "4000 0000 0000 0002");

        await Assertions.Expect(page.Locator("#payment-declined")).ToContainTextAsync("Payment declined");
        await Assertions.Expect(page.Locator("#payment-declined")).ToContainTextAsync("try another card");
        Assert.Equal(held, await StockAsync(lamp, bench));
        await PayAsync(page, "4242 4242 4242 4242");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "your order is confirmed" })).ToBeVisibleAsync();
        Assert.Equal(held, await StockAsync(lamp, bench));
        await _app.WithDbAsync(async db =>
        {
            var order = await db.Orders.AsNoTracking().SingleAsync();
            Assert.Equal(OrderStatus.Paid, order.Status);
            var attempts = await db.Payments.AsNoTracking().OrderBy(p => p.Id).Select(p => p.Status).ToListAsync();
            Assert.Equal([PaymentStatus.Failed, PaymentStatus.Succeeded], attempts);
        });
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task EveryVisibleFieldOnTheCheckoutAndPaymentPagesHasALabel()
    {
        await TwoProductsAsync();
        var page = await browser.NewPageAsync(_app.ServerAddress);

        await FillCartAndCheckOutAsync(page, screenshot: null, placeOrder: false);
        Assert.Empty(await UnlabelledFieldsAsync(page));

        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Card number")).ToBeVisibleAsync();
        Assert.Empty(await UnlabelledFieldsAsync(page));
        await page.Context.CloseAsync();
    }

    private async Task<(int Lamp, int Bench)> TwoProductsAsync()
    {
        var data = _app.Data();
        var lamp = await data.Product("LAMP-1").Named("Brass desk lamp", slug: "brass-desk-lamp").Priced(2500).InStock(20).SaveAsync();
        var bench = await data.Product("BENCH-1").Named("Oak bench", slug: "oak-bench").Priced(4000).OutOfStock().Backorderable()
            .WithDelivery(Today.AddDays(12), 5).SaveAsync();
        return (lamp.Id, bench.Id);
    }

    /// <summary>Product pages → cart (checks the split) → checkout form filled by label → Place order.</summary>
    private static async Task FillCartAndCheckOutAsync(IPage page, string? screenshot, bool placeOrder = true)
    {
        await page.GotoAsync("/products/brass-desk-lamp");
        await page.GetByLabel("Quantity", new() { Exact = true }).FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(CartUrl());

        await page.GotoAsync("/products/oak-bench");
        await Assertions.Expect(page.Locator(".availability-panel")).ToContainTextAsync("ships by " + ShipsBy);
        await page.GetByLabel("Quantity", new() { Exact = true }).FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(CartUrl());

        var lines = page.Locator(".cart-line");
        await Assertions.Expect(lines).ToHaveCountAsync(2);
        await Assertions.Expect(lines.Filter(new() { HasText = "Brass desk lamp" })).ToContainTextAsync("3 in stock");
        await Assertions.Expect(lines.Filter(new() { HasText = "Oak bench" })).ToContainTextAsync("1 on backorder — ships by " + ShipsBy);
        // Products without an uploaded picture get the generated one, in the cart as on the product page.
        Assert.Empty(await page.EvaluateAsync<string[]>(
            "async () => { const imgs = [...document.querySelectorAll('.cart-line img')]; await Promise.all(imgs.map(i => i.decode().catch(() => {}))); return imgs.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src); }"));
        if (screenshot is not null)
        {
            await ScreenshotAsync(page, screenshot);
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Checkout", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Checkout" })).ToBeVisibleAsync();
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync("ada@example.com");
        await page.GetByLabel("Full name", new() { Exact = true }).FillAsync("Ada Shopper");
        await page.GetByLabel("Address", new() { Exact = true }).FillAsync("1 High Street");
        await page.GetByLabel("City", new() { Exact = true }).FillAsync("Springfield");
        await page.GetByLabel("Postal code", new() { Exact = true }).FillAsync("12345");
        await page.GetByLabel("Country", new() { Exact = true }).FillAsync("United States");
        var accept = page.GetByLabel(AcceptLabel());
        await Assertions.Expect(accept).ToHaveAccessibleNameAsync(new Regex("1 × Oak bench will be on backorder and ship by " + ShipsBy));
        await accept.CheckAsync();
        if (placeOrder)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
            await Assertions.Expect(page.GetByLabel("Card number")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#amount-due")).ToHaveTextAsync("$120.99");
        }
    }

    private static async Task PayAsync(IPage page, string card)
    {
        await page.GetByLabel("Card number").FillAsync(card);
        await page.GetByRole(AriaRole.Button, new() { NameRegex = PayButton() }).ClickAsync();
    }

    /// <summary>Allocated/backordered units of both products, as one comparable value.</summary>
    private Task<string> StockAsync(int lamp, int bench) => _app.WithDbAsync(async db =>
    {
        var rows = await db.Stock.AsNoTracking().Where(s => s.ProductId == lamp || s.ProductId == bench).OrderBy(s => s.ProductId).ToListAsync();
        return string.Join(' ', rows.Select(s => $"{s.ProductId}:{s.OnHand}/{s.Allocated}/{s.Backordered}"));
    });

    /// <summary>
    /// The basic accessibility rule, without axe: every field a person can type in or tick has a
    /// name from a &lt;label&gt;, aria-label or aria-labelledby. Returns the ones that don't.
    /// </summary>
    private static Task<string[]> UnlabelledFieldsAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => [...document.querySelectorAll('input, select, textarea')]
            .filter(el => el.type !== 'hidden')
            .filter(el => el.labels.length === 0
                && !(el.getAttribute('aria-label') || '').trim()
                && !(el.getAttribute('aria-labelledby') || '').split(/\s+/).some(id => id && document.getElementById(id)))
            .map(el => el.outerHTML)
        """);

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable(ScreenshotVariable) is not { Length: > 0 } folder)
        {
            return;
        }
        Directory.CreateDirectory(folder);
        await page.SetViewportSizeAsync(1100, 760);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name), FullPage = false });
    }

    [GeneratedRegex(@"/Cart$")]
    private static partial Regex CartUrl();

    [GeneratedRegex(@"^\s*I accept that")]
    private static partial Regex AcceptLabel();

    [GeneratedRegex(@"^Pay \$")]
    private static partial Regex PayButton();
}
