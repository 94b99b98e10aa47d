using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Storefront.Core.Checkout;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Notifications;

/// <summary>
/// A store on a fake clock (1 March 2027, 09:00 UTC) sending through a real SMTP server on 127.0.0.1.
/// Tests drive the outbox sender themselves and read what arrived, parsed by MimeKit. One app and
/// SMTP server for the class; the database and the inbox are emptied for every test.
/// </summary>
public abstract class NotificationTestBase(StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    protected const string BaseUrl = "https://shop.example.com";

    protected static readonly DateOnly Today = new(2027, 3, 1);

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));

    protected SmtpTestServer Smtp { get; private set; } = null!;

    protected StorefrontFactory App { get; private set; } = null!;

    protected CatalogBuilder Data { get; private set; } = null!;

    protected virtual IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        Smtp = await host.SmtpAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Store:Name"] = "Kettle & Co",
            ["Store:BaseUrl"] = BaseUrl,
            // Tests drive the sender and the reminders job; the background workers only make their first pass.
            ["Outbox:PollInterval"] = "01:00:00",
            ["Notifications:StillOnItsWayCheckInterval"] = "01:00:00",
        };
        foreach (var (key, value) in ExtraSettings)
        {
            settings[key] = value;
        }
        App = await host.AppForTestAsync(new StorefrontOptions { Settings = settings }, Clock);
        Data = App.Data();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Places an order; the clock moves a minute first so orders queue in the order they are placed.</summary>
    protected async Task<Order> PlaceAsync(string email, params (int ProductId, int Quantity)[] lines)
    {
        Clock.Advance(TimeSpan.FromMinutes(1));
        await using var scope = App.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<OrderPlacement>().PlaceAsync(new PlaceOrderRequest(
            Guid.NewGuid().ToString("N"), email, null,
            new ShippingAddress("A Customer", "1 High Street", null, "Springfield", "12345", "US"),
            [.. lines.Select(l => new OrderLineRequest(l.ProductId, l.Quantity))], BackorderTermsAccepted: true));
        Assert.True(result.Outcome == PlaceOrderOutcome.Placed, string.Join("; ", result.Errors));
        return result.Order!;
    }

    /// <summary>Places an order and confirms its payment (no confirmation email: that path has its own test).</summary>
    protected async Task<Order> PlacePaidAsync(string email, params (int ProductId, int Quantity)[] lines)
    {
        var order = await PlaceAsync(email, lines);
        await using var scope = App.CreateScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<OrderHolds>().ConfirmPaidAsync(order.Id));
        return order;
    }

    protected async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = App.CreateScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>Sends everything due and returns what the SMTP server received since the last call.</summary>
    protected async Task<List<MimeMessage>> DeliveredAsync(int? expected = null)
    {
        await using (var scope = App.CreateScope())
        {
            var sender = scope.ServiceProvider.GetRequiredService<OutboxSender>();
            while (await sender.SendBatchAsync("test") > 0)
            {
            }
        }
        if (expected is { } n)
        {
            await Smtp.WaitForAsync(n, TimeSpan.FromSeconds(10));
        }
        var received = new List<MimeMessage>();
        while (Smtp.Messages.TryDequeue(out var message))
        {
            received.Add(message);
        }
        return received;
    }

    protected static string To(MimeMessage message) => message.To.Mailboxes.Single().Address;

    /// <summary>Both parts, HTML decoded, each of which must say what the test checks.</summary>
    protected static string[] Bodies(MimeMessage message)
    {
        Assert.False(string.IsNullOrWhiteSpace(message.HtmlBody), "The message has no HTML part.");
        Assert.False(string.IsNullOrWhiteSpace(message.TextBody), "The message has no text part.");
        return [message.TextBody, WebUtility.HtmlDecode(message.HtmlBody)];
    }

    protected static void AssertBothSay(MimeMessage message, params string[] texts)
    {
        foreach (var body in Bodies(message))
        {
            foreach (var text in texts)
            {
                Assert.Contains(text, body, StringComparison.Ordinal);
            }
        }
    }

    protected static string OrderLink(Order order) => $"{BaseUrl}/Orders/{order.Number}?t=";
}
