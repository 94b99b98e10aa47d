using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Storefront.Core.Inventory;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;
using Storefront.Core.Orders.Delays;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Browser;

/// <summary>
/// A guest's paid backorder slips by seven weeks; the delay email arrives over real SMTP; on a phone
/// in a real Chromium the guest follows its "Keep my order" link, which only shows the choice until
/// the button is pressed, keeps the order and sees that answer on the order page.
/// "Today" is 1 March 2027; the desk's delivery was due 11 March.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class GuestKeepsADelayedOrder(BrowserFixture browser, StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    private static readonly DateOnly Today = new(2027, 3, 1);
    private SmtpTestServer _smtp = null!;
    private StorefrontFactory _app = null!;

    public async Task InitializeAsync()
    {
        _smtp = await host.SmtpAsync();
        _app = await BrowserCheckout.StoreWithMailAsync(host, _smtp, new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [BrowserFact]
    public async Task AGuestFollowsTheDelayEmailOnAPhoneKeepsTheOrderAndSeesTheAnswerOnTheOrderPage()
    {
        var desk = await _app.Data().Product("DELAY-B").Named("Walnut Desk", slug: "walnut-desk").Priced(4000).OutOfStock().Backorderable()
            .WithDelivery(Today.AddDays(10), 5).SaveAsync();
        var buyer = await browser.NewPageAsync(_app.ServerAddress);
        var number = await BrowserCheckout.GuestBuysAsync(buyer, "walnut-desk", 1);
        await buyer.Context.CloseAsync();
        await SendOutboxAsync();
        _smtp.Messages.Clear(); // the confirmation

        // The supplier says seven weeks later: staff move the delivery as the Admin form does.
        await using (var scope = _app.CreateScope())
        {
            var id = await _app.WithDbAsync(db => db.InboundDeliveries.Where(d => d.ProductId == desk.Id).Select(d => d.Id).SingleAsync());
            var moved = await scope.ServiceProvider.GetRequiredService<Deliveries>().EditAsync(id, new DeliveryInput(5, Today.AddDays(50), "PO-B"), "staff@example.test");
            Assert.True(moved.Succeeded, string.Join("; ", moved.Errors));
        }
        await SendOutboxAsync();
        var mail = Assert.Single(await _smtp.WaitForAsync(1, TimeSpan.FromSeconds(10)));
        Assert.Contains(number, mail.Subject, StringComparison.Ordinal);
        var link = new Uri(KeepLink().Match(mail.TextBody ?? "").Groups[1].Value);
        Assert.Contains("/Orders/", link.AbsolutePath, StringComparison.Ordinal);
        var before = await LineAsync(number);
        Assert.Equal(ConsentState.Required, before.Consent);

        // The email points at the store's public address; the test server stands in for it.
        var phone = await browser.NewPageAsync(_app.ServerAddress);
        await phone.SetViewportSizeAsync(390, 844);
        await phone.GotoAsync(link.PathAndQuery);
        var keep = phone.GetByRole(AriaRole.Button, new() { Name = "Keep my order" });
        await Assertions.Expect(keep).ToBeVisibleAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Button, new() { Name = "Cancel for a full refund" })).ToBeVisibleAsync();
        await Assertions.Expect(phone.Locator(".consent-deadline")).ToContainTextAsync("8 March 2027");

        // Opening the link changed nothing.
        var opened = await LineAsync(number);
        Assert.Equal((before.Consent, before.ConsentDeadline, before.AcceptedEta, before.Events.Count), (opened.Consent, opened.ConsentDeadline, opened.AcceptedEta, opened.Events.Count));

        await keep.ClickAsync();

        await Assertions.Expect(phone.Locator("#order-message")).ToContainTextAsync("we'll keep Walnut Desk for you");
        await Assertions.Expect(phone.Locator(".consent-event").Last).ToContainTextAsync("You chose to keep your order (from the email)");
        Assert.Contains("/Orders/" + number, phone.Url, StringComparison.Ordinal);
        var line = await LineAsync(number);
        Assert.Equal((ConsentState.Given, (DateOnly?)Today.AddDays(52), (DateTime?)null), (line.Consent, line.AcceptedEta, line.ConsentDeadline));
        Assert.Single(line.Events, e => e.Kind == BackorderEventKind.ConsentGiven && e.Via == BackorderEventVia.EmailLink);
        await phone.Context.CloseAsync();
    }

    private Task<BackorderLine> LineAsync(string number) => _app.WithDbAsync(db =>
        db.BackorderLines.AsNoTracking().Include(b => b.Events).SingleAsync(b => b.Order!.Number == number));

    private Task SendOutboxAsync() => BrowserCheckout.SendOutboxAsync(_app);

    [GeneratedRegex(@"Keep my order: (https://shop\.example\.com/Orders/\S+)")]
    private static partial Regex KeepLink();
}
