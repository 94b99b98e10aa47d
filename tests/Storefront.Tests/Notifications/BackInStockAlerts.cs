using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Storefront.Core.Catalog;
using Storefront.Core.Inventory;
using Storefront.Core.Notifications;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Notifications;

/// <summary>
/// "Notify me when it's back": double opt-in over real SMTP, one alert per subscriber, unsubscribe, bad
/// links, rate limit. One app and SMTP server for the class; data and inbox emptied for every test, and
/// each test is its own visitor (its own client address) for the rate limit.
/// </summary>
public sealed class BackInStockAlerts(StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    private const string BaseUrl = "https://shop.example.com";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private SmtpTestServer _smtp = null!;
    private StorefrontFactory _app = null!;
    private CatalogBuilder _data = null!;

    public async Task InitializeAsync()
    {
        _smtp = await host.SmtpAsync();
        _app = await host.AppForTestAsync(new StorefrontOptions
        {
            Settings = new Dictionary<string, string?>
            {
                ["Smtp:Host"] = "127.0.0.1",
                ["Smtp:Port"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Store:BaseUrl"] = BaseUrl,
                // The tests drive the sender and the sweep themselves.
                ["Outbox:PollInterval"] = "01:00:00",
                ["Notifications:BackInStockSweepInterval"] = "01:00:00",
            },
        }, _clock);
        _data = _app.Data();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AConfirmedSubscriberGetsExactlyOneAlertWhenRestocked_AnUnconfirmedOneGetsNothingButTheConfirmationRequest()
    {
        var kettle = await _data.Product("BIS-1").Named("Copper Kettle", "copper-kettle").OutOfStock().NotBackorderable().SaveAsync();
        using var guest = new ShopperSession(_app);

        var page = await guest.Client.GetStringAsync("/products/copper-kettle");
        Assert.Contains("Notify me when it", page, StringComparison.Ordinal);
        Assert.Matches("<label[^>]*for=\"Notify_Email\"[^>]*>Email address</label>", page);

        Assert.Equal(HttpStatusCode.Redirect, (await SubscribeAsync(guest, "copper-kettle", "Ada@Example.com ")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SubscribeAsync(guest, "copper-kettle", "bob@example.com")).StatusCode);
        var afterRedirect = await guest.Client.GetStringAsync("/products/copper-kettle");
        Assert.Contains("we've emailed bob@example.com a link to confirm", WebUtility.HtmlDecode(afterRedirect), StringComparison.Ordinal);

        await SendAllAsync();
        var requests = await _smtp.WaitForAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal(2, requests.Count);
        var toAda = requests.Single(m => m.To.Mailboxes.Single().Address == "ada@example.com");
        Assert.NotNull(toAda.HtmlBody);
        Assert.NotNull(toAda.TextBody);
        Assert.Contains("Copper Kettle", toAda.TextBody, StringComparison.Ordinal);
        var confirm = Link(toAda, "Confirm");
        Assert.Equal(confirm, Link(toAda, "Confirm", html: true));

        // Opening the link (as a mail scanner would) changes nothing; the button does.
        var opened = await guest.Client.GetAsync(confirm);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Contains("Confirm my alert", await opened.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(BackInStockStatus.Pending, await StatusOfAsync("ada@example.com"));
        var confirmed = await PostLinkAsync(guest, confirm);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("You're on the list", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(BackInStockStatus.Active, await StatusOfAsync("ada@example.com"));
        Assert.Equal(BackInStockStatus.Pending, await StatusOfAsync("bob@example.com"));

        Assert.Equal(0, await SweepAsync());
        await RestockAsync(kettle.Id, 10);
        Assert.Equal(1, await SweepAsync());
        Assert.Equal(0, await SweepAsync());
        await SendAllAsync();

        // Every send above finished before SendAllAsync returned, so what arrived is all there is.
        var all = await _smtp.WaitForAsync(3, TimeSpan.FromSeconds(10));
        Assert.Equal(3, _smtp.Messages.Count);
        var alert = Assert.Single(all, m => m.Subject?.Contains("Back at", StringComparison.Ordinal) == true);
        Assert.Equal("ada@example.com", alert.To.Mailboxes.Single().Address);
        Assert.Contains("Copper Kettle is back in stock.", alert.TextBody, StringComparison.Ordinal);
        Assert.Contains(BaseUrl + "/products/copper-kettle", alert.TextBody, StringComparison.Ordinal);
        Assert.Contains(BaseUrl + "/products/copper-kettle", alert.HtmlBody, StringComparison.Ordinal);
        Assert.StartsWith("/Subscriptions/Unsubscribe?t=", Link(alert, "Unsubscribe"), StringComparison.Ordinal);
        Assert.Equal(Link(alert, "Unsubscribe"), Link(alert, "Unsubscribe", html: true));

        // A later restock alerts nobody again.
        await RestockAsync(kettle.Id, 5);
        Assert.Equal(0, await SweepAsync());
    }

    [Fact]
    public async Task AProductThatBecomesBackorderableWithAnEta_AlertsItsSubscribersWithTheDate()
    {
        var lamp = await _data.Product("BIS-2").Named("Brass Lamp", "brass-lamp").OutOfStock().Backorderable().SaveAsync();
        await SubscribeConfirmedAsync("brass-lamp", "cy@example.com");

        await _app.WithDbAsync(async db =>
        {
            db.InboundDeliveries.Add(new InboundDelivery { ProductId = lamp.Id, Quantity = 10, ExpectedDate = new DateOnly(2027, 3, 20), Status = DeliveryStatus.Scheduled, SupplierReference = "PO-1", CreatedAt = _clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
        });
        Assert.Equal(1, await SweepAsync());
        await SendAllAsync();
        var alert = (await _smtp.WaitForAsync(2, TimeSpan.FromSeconds(10))).Single(m => m.Subject?.StartsWith("Back at", StringComparison.Ordinal) == true);
        Assert.Contains("can be ordered again: it ships by", alert.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheUnsubscribeLink_StopsTheAlert_AndWorksAgainHarmlessly()
    {
        var mug = await _data.Product("BIS-3").Named("Stone Mug", "stone-mug").OutOfStock().SaveAsync();
        using var guest = new ShopperSession(_app);
        var request = await SubscribeConfirmedAsync("stone-mug", "dee@example.com", guest);
        var unsubscribe = Link(request, "never mind");

        var opened = await guest.Client.GetAsync(unsubscribe);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal(BackInStockStatus.Active, await StatusOfAsync("dee@example.com"));
        var done = await PostLinkAsync(guest, unsubscribe);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("We won't email you about <strong>Stone Mug</strong> again", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(BackInStockStatus.Unsubscribed, await StatusOfAsync("dee@example.com"));
        Assert.Equal(HttpStatusCode.OK, (await PostLinkAsync(guest, unsubscribe)).StatusCode);

        await RestockAsync(mug.Id, 10);
        Assert.Equal(0, await SweepAsync());
        await _app.WithDbAsync(async db => Assert.False(await db.OutboxMessages.AnyAsync(m => m.Kind == BackInStockMessages.AlertKind)));

        // Confirming an unsubscribed alert does not bring it back.
        var reconfirm = await PostLinkAsync(guest, Link(request, "Confirm"));
        Assert.Contains("This alert was cancelled", await reconfirm.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(BackInStockStatus.Unsubscribed, await StatusOfAsync("dee@example.com"));
    }

    [Fact]
    public async Task ForgedTamperedSwappedOrExpiredLinks_GetAClearPageAndChangeNothing()
    {
        await _data.Product("BIS-4").Named("Wool Scarf", "wool-scarf").OutOfStock().SaveAsync();
        using var guest = new ShopperSession(_app);
        Assert.Equal(HttpStatusCode.Redirect, (await SubscribeAsync(guest, "wool-scarf", "eve@example.com")).StatusCode);
        await SendAllAsync();
        var request = Assert.Single(await _smtp.WaitForAsync(1, TimeSpan.FromSeconds(10)));
        var confirm = Link(request, "Confirm");
        var token = Uri.UnescapeDataString(confirm[(confirm.IndexOf("?t=", StringComparison.Ordinal) + 3)..]);
        var tampered = token[..^6] + (token[^6] == 'A' ? 'B' : 'A') + token[^5..];
        var unsubscribeToken = Uri.UnescapeDataString(Link(request, "never mind").Split("?t=")[1]);

        foreach (var (url, status) in new[]
        {
            ("/Subscriptions/Confirm?t=forged-token", HttpStatusCode.BadRequest),
            ("/Subscriptions/Confirm", HttpStatusCode.BadRequest),
            ("/Subscriptions/Confirm?t=" + Uri.EscapeDataString(tampered), HttpStatusCode.BadRequest),
            // A valid unsubscribe token is not a confirm token.
            ("/Subscriptions/Confirm?t=" + Uri.EscapeDataString(unsubscribeToken), HttpStatusCode.BadRequest),
            ("/Subscriptions/Unsubscribe?t=" + Uri.EscapeDataString(token), HttpStatusCode.BadRequest),
            ("/Subscriptions/Unsubscribe?t=%2A%2A%2A%2A", HttpStatusCode.BadRequest),
        })
        {
            foreach (var response in new[] { await guest.Client.GetAsync(url), await PostLinkAsync(guest, url) })
            {
                Assert.Equal(status, response.StatusCode);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(body.Contains("This link doesn't work", StringComparison.Ordinal), $"{url}:\n{body}");
                Assert.Contains("Nothing was changed", body, StringComparison.Ordinal);
            }
        }
        Assert.Equal(BackInStockStatus.Pending, await StatusOfAsync("eve@example.com"));

        _clock.Advance(TimeSpan.FromDays(8));
        var expired = await PostLinkAsync(guest, confirm);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("This link has expired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(BackInStockStatus.Pending, await StatusOfAsync("eve@example.com"));
    }

    [Fact]
    public async Task MoreThanFiveSubscribeRequestsAMinuteFromOneAddress_GetAFriendly429()
    {
        await _data.Product("BIS-5").Named("Tin Box", "tin-box").OutOfStock().SaveAsync();
        using var guest = new ShopperSession(_app);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await SubscribeAsync(guest, "tin-box", $"fan{i}@example.com")).StatusCode);
        }
        var refused = await SubscribeAsync(guest, "tin-box", "fan5@example.com");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Please wait a minute and try again", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await _app.WithDbAsync(async db =>
        {
            Assert.Equal(5, await db.BackInStockSubscriptions.CountAsync());
            Assert.False(await db.BackInStockSubscriptions.AnyAsync(s => s.Email == "fan5@example.com"));
        });
    }

    [Fact]
    public async Task TheSameAddressAskingTwice_HasOneSubscriptionAndGetsOneConfirmationRequest()
    {
        await _data.Product("BIS-6").Named("Oak Board", "oak-board").OutOfStock().SaveAsync();
        using var guest = new ShopperSession(_app);
        Assert.Equal(HttpStatusCode.Redirect, (await SubscribeAsync(guest, "oak-board", "fay@example.com")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SubscribeAsync(guest, "oak-board", "FAY@example.com")).StatusCode);
        await _app.WithDbAsync(async db =>
        {
            Assert.Equal(1, await db.BackInStockSubscriptions.CountAsync());
            Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.Kind == BackInStockMessages.ConfirmKind));
        });
    }

    [Fact]
    public async Task TheForm_IsOnlyOnOutOfStockPages_AndIsPrefilledForSignedInShoppers()
    {
        await _data.Product("BIS-7").Named("Clay Pot", "clay-pot").OutOfStock().SaveAsync();
        await _data.Product("BIS-8").Named("Glass Jar", "glass-jar").OnHand(20).SaveAsync();
        await _data.Product("BIS-9").Named("Old Jug", "old-jug").OutOfStock().Discontinued().SaveAsync();
        using var shopper = new ShopperSession(_app);

        Assert.DoesNotContain("Notify me", await shopper.Client.GetStringAsync("/products/glass-jar"), StringComparison.Ordinal);
        Assert.DoesNotContain("Notify me", await shopper.Client.GetStringAsync("/products/old-jug"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await SubscribeAsync(shopper, "glass-jar", "gus@example.com")).StatusCode);
        await _app.WithDbAsync(async db => Assert.Equal(0, await db.BackInStockSubscriptions.CountAsync()));

        await shopper.SignInAsNewUserAsync(_app, "hal@example.com");
        var page = await shopper.Client.GetStringAsync("/products/clay-pot");
        Assert.Matches("<input[^>]*value=\"hal@example.com\"[^>]*>|<input[^>]*name=\"Notify.Email\"[^>]*value=\"hal@example.com\"", page);
        Assert.Equal(HttpStatusCode.Redirect, (await SubscribeAsync(shopper, "clay-pot", "hal@example.com")).StatusCode);
        await _app.WithDbAsync(async db => Assert.NotNull((await db.BackInStockSubscriptions.SingleAsync()).UserId));
    }

    // "a,b@example.com" passed [EmailAddress] and was subscribed, though checkout refuses it as undeliverable.
    [Theory]
    [InlineData("not-an-email")]
    [InlineData("a,b@example.com")]
    [InlineData("Ann <ann@example.com>")]
    public async Task AnInvalidEmail_IsShownBackWithAMessage_AndNothingIsStored(string email)
    {
        await _data.Product("BIS-10").Named("Felt Hat", "felt-hat").OutOfStock().SaveAsync();
        using var guest = new ShopperSession(_app);
        var response = await SubscribeAsync(guest, "felt-hat", email);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter a valid email address", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await _app.WithDbAsync(async db => Assert.Equal(0, await db.BackInStockSubscriptions.CountAsync()));
    }

    private static Task<HttpResponseMessage> SubscribeAsync(ShopperSession session, string slug, string email) =>
        session.PostAsync($"/products/{slug}?handler=NotifyMe", [new("Notify.Email", email)]);

    private async Task<MimeMessage> SubscribeConfirmedAsync(string slug, string email, ShopperSession? session = null)
    {
        using var own = session is null ? new ShopperSession(_app) : null;
        var s = session ?? own!;
        Assert.Equal(HttpStatusCode.Redirect, (await SubscribeAsync(s, slug, email)).StatusCode);
        await SendAllAsync();
        var arrived = await _smtp.WaitForAsync(ms => ms.Any(m => m.To.Mailboxes.Single().Address == email), TimeSpan.FromSeconds(10));
        var request = arrived.FirstOrDefault(m => m.To.Mailboxes.Single().Address == email);
        Assert.NotNull(request);
        Assert.Equal(HttpStatusCode.OK, (await PostLinkAsync(s, Link(request, "Confirm"))).StatusCode);
        Assert.Equal(BackInStockStatus.Active, await StatusOfAsync(email));
        return request;
    }

    /// <summary>A link from an email, as a path and query on the test server.</summary>
    private static string Link(MimeMessage message, string which, bool html = false)
    {
        var body = html ? WebUtility.HtmlDecode(message.HtmlBody!) : message.TextBody!;
        var path = which switch
        {
            "Confirm" => "/Subscriptions/Confirm",
            _ => "/Subscriptions/Unsubscribe",
        };
        var match = Regex.Match(body, Regex.Escape(BaseUrl + path) + @"\?t=[^\s""<]+");
        Assert.True(match.Success, $"No {which} link in the {(html ? "HTML" : "text")} body:\n{body}");
        return match.Value[BaseUrl.Length..];
    }

    private static Task<HttpResponseMessage> PostLinkAsync(ShopperSession session, string url)
    {
        var query = url.Contains("?t=", StringComparison.Ordinal) ? Uri.UnescapeDataString(url.Split("?t=")[1]) : null;
        var path = url.Split('?')[0];
        return session.PostAsync(path, query is null ? [] : [new("t", query)]);
    }

    private Task<BackInStockStatus> StatusOfAsync(string email) =>
        _app.WithDbAsync(db => db.BackInStockSubscriptions.Where(s => s.Email == email).Select(s => s.Status).SingleAsync());

    private async Task RestockAsync(int productId, int units)
    {
        await using var scope = _app.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<StockAdjustments>().AdjustAsync(productId, units, "Found a box", "test");
        Assert.True(result.Succeeded, result.Error);
    }

    private async Task<int> SweepAsync()
    {
        await using var scope = _app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<BackInStockSweep>().SweepAsync("test");
    }

    private async Task SendAllAsync()
    {
        await using var scope = _app.CreateScope();
        var sender = scope.ServiceProvider.GetRequiredService<OutboxSender>();
        while (await sender.SendBatchAsync("test") > 0)
        {
        }
    }
}
