using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Browser;

/// <summary>
/// A guest back-orders a bench in a real Chromium and pays with the success card; the confirmation
/// email arrives over real SMTP; the guest follows the order link from that email, cancels the
/// backorder and sees the refund. "Today" is 1 March 2027; the bench's delivery is due 13 March.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class GuestCancelsBackorder(BrowserFixture browser, StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    private static readonly DateOnly Today = new(2027, 3, 1);
    private SmtpTestServer _smtp = null!;
    private StorefrontFactory _app = null!;

    public async Task InitializeAsync()
    {
        _smtp = await host.SmtpAsync();
        _app = await BrowserCheckout.StoreWithMailAsync(host, _smtp, new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [BrowserFact]
    public async Task AGuestOpensTheLinkInTheConfirmationEmailCancelsTheBackorderAndSeesTheRefund()
    {
        await _app.Data().Product("BENCH-9").Named("Oak bench", slug: "oak-bench").Priced(4000).OutOfStock().Backorderable()
            .WithDelivery(Today.AddDays(10), 5).SaveAsync();
        var page = await browser.NewPageAsync(_app.ServerAddress);

        var number = await BrowserCheckout.GuestBuysAsync(page, "oak-bench", 2);

        // The confirmation email, delivered over SMTP, carries the signed link to the order page.
        await SendOutboxAsync();
        var mail = Assert.Single(await _smtp.WaitForAsync(1, TimeSpan.FromSeconds(10)));
        Assert.Contains(number, mail.Subject, StringComparison.Ordinal);
        var link = new Uri(OrderLink().Match(mail.TextBody ?? "").Value);
        Assert.Equal("/Orders/" + number, link.AbsolutePath);
        // The email points at the store's public address; the test server stands in for it.
        var guest = await browser.NewPageAsync(_app.ServerAddress);
        await guest.GotoAsync(link.PathAndQuery);

        await Assertions.Expect(guest.Locator(".order-line")).ToContainTextAsync("2 backordered — ships by 13 March 2027");
        await Assertions.Expect(guest.Locator(".promised-eta")).ToHaveTextAsync("13 March 2027");
        await guest.GetByRole(AriaRole.Link, new() { Name = "Cancel backorder" }).ClickAsync();
        await Assertions.Expect(guest.Locator("#refund-amount")).ToHaveTextAsync("$85.99"); // 2 × $40.00 and the $5.99 shipping: nothing is left to ship
        await guest.GetByRole(AriaRole.Button, new() { Name = "Cancel backorder and refund $85.99" }).ClickAsync();

        await Assertions.Expect(guest.Locator("#order-message")).ToContainTextAsync("refunded $85.99");
        await Assertions.Expect(guest.Locator(".refund-amount")).ToHaveTextAsync("$85.99");
        await Assertions.Expect(guest.GetByRole(AriaRole.Link, new() { Name = "Cancel backorder" })).ToHaveCountAsync(0);

        await _app.WithDbAsync(async db =>
        {
            var order = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Number == number);
            var refund = await db.Refunds.AsNoTracking().SingleAsync(r => r.OrderId == order.Id);
            Assert.Equal(8599, refund.Amount);
            Assert.NotNull(refund.ProviderReference);
            Assert.Equal(2, order.Lines.Single().CancelledQuantity);
            Assert.Equal(BackorderStatus.Cancelled, (await db.BackorderLines.AsNoTracking().SingleAsync(b => b.OrderId == order.Id)).Status);
        });
        // The "cancelled and refunded" email follows.
        await SendOutboxAsync();
        var messages = await _smtp.WaitForAsync(2, TimeSpan.FromSeconds(10));
        Assert.Contains(messages, m => (m.Subject ?? "").Contains("cancelled and refunded", StringComparison.Ordinal) && (m.TextBody ?? "").Contains("$85.99", StringComparison.Ordinal));
        await page.Context.CloseAsync();
        await guest.Context.CloseAsync();
    }

    private Task SendOutboxAsync() => BrowserCheckout.SendOutboxAsync(_app);

    [GeneratedRegex(@"https://shop\.example\.com/Orders/\S+")]
    private static partial Regex OrderLink();
}
