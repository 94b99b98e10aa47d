using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Checkout;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;
using Storefront.Core.Payments;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Notifications;

/// <summary>The confirmation email is written with the payment and delivered over real SMTP, once. One app and SMTP server for the class, emptied for every test.</summary>
public sealed class OrderConfirmationEmail(StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
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
                ["Store:BaseUrl"] = "https://shop.example.com",
                // The test drives the sender itself; the background worker only makes its first pass.
                ["Outbox:PollInterval"] = "01:00:00",
                ["Outbox:RetryBase"] = "00:00:00",
            },
        });
        _data = _app.Data();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task APaidOrder_EmailsAConfirmationWithHtmlAndTextEachLinesEtaTheAmountAndALink()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var shelf = await _data.Product("MAIL-1").Named("Linen Apron").Priced(2400).OnHand(5).SaveAsync();
        var later = await _data.Product("MAIL-2").Named("Copper Kettle").Priced(8900).OutOfStock().Backorderable().WithDelivery(today.AddDays(10), 5).SaveAsync();
        var order = await PlaceAndPayAsync("ada@example.com", (shelf.Id, 1), (later.Id, 2));

        await SendAllAsync();
        var message = Assert.Single(await _smtp.WaitForAsync(1, TimeSpan.FromSeconds(10)));

        Assert.Equal("ada@example.com", message.To.Mailboxes.Single().Address);
        Assert.Contains(order.Number, message.Subject, StringComparison.Ordinal);
        Assert.NotNull(message.HtmlBody);
        Assert.NotNull(message.TextBody);
        var eta = Storefront.Core.Common.DateText.ForPeople(today.AddDays(12));
        foreach (var body in new[] { message.TextBody, System.Net.WebUtility.HtmlDecode(message.HtmlBody) })
        {
            // Shipped together (checkout's default): the apron waits for the kettles, not "1 ships now".
            Assert.Contains("1 ships with the rest of your order by " + eta, body, StringComparison.Ordinal);
            Assert.DoesNotContain("ships now", body, StringComparison.Ordinal);
            Assert.Contains("2 backordered until " + eta, body, StringComparison.Ordinal);
            Assert.Contains("$207.99", body, StringComparison.Ordinal);
            Assert.Contains("https://shop.example.com/Orders/" + order.Number + "?t=", body, StringComparison.Ordinal);
        }
        Assert.StartsWith("outbox-", message.MessageId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenSmtpIsDownWhileOrdersArePlaced_NoCheckoutFailsAndEveryConfirmationArrivesExactlyOnceLater()
    {
        var product = await _data.Product("MAIL-3").OnHand(500).SaveAsync();
        await _smtp.StopAsync();

        var orders = new List<Order>();
        for (var i = 0; i < 100; i++)
        {
            orders.Add(await PlaceAndPayAsync($"shopper{i}@example.com", (product.Id, 1)));
        }
        await SendAllAsync();
        await _app.WithDbAsync(async db =>
        {
            Assert.Equal(100, await db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Pending));
            Assert.True(await db.OutboxMessages.AnyAsync(m => m.Attempts > 0 && m.LastError != null));
            Assert.Equal(100, await db.Orders.CountAsync(o => o.Status == OrderStatus.Paid));
        });

        await _smtp.StartAsync();
        await Task.WhenAll(SendAllAsync(), SendAllAsync());
        var delivered = await _smtp.WaitForAsync(100, TimeSpan.FromSeconds(20));
        await SendAllAsync();

        Assert.Equal(100, delivered.Count);
        Assert.Equal(100, delivered.Select(m => m.To.Mailboxes.Single().Address).Distinct().Count());
        Assert.Equal(100, delivered.Select(m => m.MessageId).Distinct().Count());
        await _app.WithDbAsync(async db => Assert.Equal(100, await db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Sent)));
    }

    private async Task<Order> PlaceAndPayAsync(string email, params (int ProductId, int Quantity)[] lines)
    {
        await using var scope = _app.CreateScope();
        var placed = await scope.ServiceProvider.GetRequiredService<OrderPlacement>().PlaceAsync(new PlaceOrderRequest(
            Guid.NewGuid().ToString("N"), email, null,
            new ShippingAddress("Ada", "1 Road", null, "Town", "12345", "US"),
            lines.Select(l => new OrderLineRequest(l.ProductId, l.Quantity)).ToList(), true));
        Assert.True(placed.Succeeded, string.Join("; ", placed.Errors));
        var payments = scope.ServiceProvider.GetRequiredService<PaymentService>();
        await payments.BeginAsync(placed.Order!.Id, new PaymentReturnUrls("/ok", "/cancel"));
        Assert.Equal(PaymentCompletion.Paid, await payments.CompleteAsync(PaymentService.AttemptKeyFor(placed.Order), succeeded: true));
        return placed.Order;
    }

    private async Task SendAllAsync()
    {
        await using var scope = _app.CreateScope();
        var sender = scope.ServiceProvider.GetRequiredService<OutboxSender>();
        while (await sender.SendBatchAsync("test-" + Guid.NewGuid().ToString("N")[..6]) > 0)
        {
        }
    }
}
