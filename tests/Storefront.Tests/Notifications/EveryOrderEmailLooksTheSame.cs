using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Storefront.Core.Common;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;
using Storefront.Core.Orders.Delays;

namespace Storefront.Tests.Notifications;

/// <summary>
/// Every email about an order, rendered from its message class: the store's name on top, one
/// primary button to the order, its lines with prices, and where it ships, in HTML and text alike.
/// </summary>
public sealed class EveryOrderEmailLooksTheSame
{
    private const string Store = "Kettle & Co";
    private const string OrderUrl = "https://shop.example.com/Orders/SF-TEST1234?t=signed";
    private const string Address = "Ada Lovelace, 12 Analytical Row, London N1 9GU, GB";
    private const string PrimaryButton = "background:#0d6efd";

    private static readonly DateOnly Today = new(2027, 3, 1);
    private static readonly Money Price = new(2_450, "USD");

    private sealed class Links : IOrderLinks
    {
        public string OrderUrl(string orderNumber) => EveryOrderEmailLooksTheSame.OrderUrl;

        public string DelayAnswerUrl(string orderNumber, int backorderLineId, DelayAnswer answer) =>
            $"https://shop.example.com/Orders/{orderNumber}/Delay/{backorderLineId}/{answer}";
    }

    private static readonly string[] AllKinds =
        ["OrderConfirmed", "EtaChanged", "DelayReminder", "BackorderFilled", "Shipped", "StillOnItsWay", "OrderLink", "BackorderCancelled"];

    public static TheoryData<string> Kinds() => new(AllKinds);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void CarriesTheStoreName_AButtonToTheOrder_TheLinePrices_AndTheAddress(string kind)
    {
        var mail = Render(kind);
        File.WriteAllText(Path.Combine(Path.GetTempPath(), $"order-email-{kind}.html"), mail.Html);

        var html = mail.Html;
        Assert.Contains($">{System.Net.WebUtility.HtmlEncode(Store)}</p>", html, StringComparison.Ordinal);
        var button = $"<a href=\"{System.Net.WebUtility.HtmlEncode(OrderUrl)}\" style=\"display:inline-block;padding:10px 18px;{PrimaryButton}";
        Assert.Contains(button, html, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode("2 × Copper Kettle"), html, StringComparison.Ordinal);
        Assert.Contains(Price.Times(2).ToString(), html, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(Address), html, StringComparison.Ordinal);
        foreach (var said in new[] { Store, OrderUrl, "2 × Copper Kettle", Price.Times(2).ToString(), Address })
        {
            Assert.Contains(said, mail.Text, StringComparison.Ordinal);
        }
        // The order button comes before anything else a customer could press.
        Assert.Equal(html.IndexOf("<a href=", StringComparison.Ordinal), html.IndexOf(button, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/media/logo.png", "https://shop.example.com/media/logo.png")]
    [InlineData("https://cdn.example.net/kettle.svg", "https://cdn.example.net/kettle.svg")]
    public void WithALogo_EveryEmailShowsIt_NamedAfterTheStore(string setting, string shown)
    {
        foreach (var kind in AllKinds)
        {
            var mail = Render(kind, setting);
            Assert.StartsWith("<div style=\"font-family:Helvetica,Arial,sans-serif;max-width:600px;margin:auto\">"
                + $"<p><img src=\"{shown}\" alt=\"{System.Net.WebUtility.HtmlEncode(Store)}\"", mail.Html, StringComparison.Ordinal);
            Assert.Contains(Store, mail.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void StillOnItsWay_LeadsWithTheOrder_ThenKeepMyOrder_ThenCancel()
    {
        var html = Render("StillOnItsWay").Html;

        var order = html.IndexOf(">View your order<", StringComparison.Ordinal);
        var keep = html.IndexOf(">Keep my order<", StringComparison.Ordinal);
        var cancel = html.IndexOf(">Cancel for a full refund<", StringComparison.Ordinal);
        Assert.True(order >= 0 && order < keep && keep < cancel, $"order {order}, keep {keep}, cancel {cancel}");
        Assert.Contains("/Orders/SF-TEST1234/Delay/7/Keep", html, StringComparison.Ordinal);
    }

    /// <summary>The kettle order as each message class renders it (also written to an HTML file for a look on a phone).</summary>
    internal static MailContent Render(string kind, string? logo = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var store = Options.Create(new StoreOptions { Name = Store, BaseUrl = "https://shop.example.com", LogoUrl = logo });
        var messages = new CustomerMessages(store, new Links(), clock);
        var order = NewOrder();
        var line = order.Lines[0];
        var ask = new DelayAsk(7, order.Number, order.Email, line.ProductName, 2, Today.AddDays(30), clock.GetUtcNow().UtcDateTime.AddDays(7), Price, "The supplier's shipment is late");
        var waiting = new WaitingItem(line.ProductName, 2, Today.AddDays(30), null, Price, 7);
        var item = new OrderItem(line.ProductName, 2, null, Price);
        return kind switch
        {
            "OrderConfirmed" => messages.OrderConfirmed(order, order.SubtotalAmount + order.ShippingAmount),
            "EtaChanged" => messages.EtaChanged(order.Number, [new EtaMove(line.ProductName, 2, Today.AddDays(10), Today.AddDays(30), "The supplier's shipment is late", null, 7, Price)],
                asks: [ask], shipsTo: MailLayout.Address(order)),
            "DelayReminder" => messages.DelayReminder(order.Number, [ask], MailLayout.Address(order)),
            "BackorderFilled" => messages.BackorderFilled(order.Number, [item], shipsTo: MailLayout.Address(order)),
            "Shipped" => messages.Shipped(order.Number, "UPS", "1Z999", [item], [], "https://ups.example/1Z999", MailLayout.Address(order)),
            "StillOnItsWay" => messages.StillOnItsWay(order.Number, clock.GetUtcNow().UtcDateTime.AddDays(-14), [waiting], clock.GetUtcNow().UtcDateTime, MailLayout.Address(order)),
            "OrderLink" => messages.OrderLink(order.Number, [item], MailLayout.Address(order)),
            "BackorderCancelled" => new CancellationMessages(store, new Links()).BackorderCancelled(order, line, 2, Price.Times(2)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    private static Order NewOrder()
    {
        var order = new Order
        {
            Number = "SF-TEST1234",
            CheckoutKey = "checkout-test",
            Email = "ada@example.com",
            ShippingName = "Ada Lovelace",
            AddressLine1 = "12 Analytical Row",
            City = "London",
            PostalCode = "N1 9GU",
            Country = "GB",
            Currency = "USD",
            SubtotalAmount = Price.Times(2).Amount,
            ShippingAmount = 599,
            PlacedAt = new DateTime(2027, 2, 15, 9, 0, 0, DateTimeKind.Utc),
        };
        var line = new OrderLine { Sku = "KET-1", ProductName = "Copper Kettle", UnitPriceAmount = Price.Amount, Currency = "USD", Quantity = 2, BackorderedQuantity = 2 };
        line.Backorders.Add(new BackorderLine { Id = 7, Quantity = 2, Status = BackorderStatus.Open, CurrentEta = Today.AddDays(30), PromisedEta = Today.AddDays(10) });
        order.Lines.Add(line);
        return order;
    }
}
