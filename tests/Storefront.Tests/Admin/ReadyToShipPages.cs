using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;
using Storefront.Tests.Infrastructure;
using Storefront.Tests.Orders;

namespace Storefront.Tests.Admin;

/// <summary>The ready-to-ship list, bulk shipping from it, and packing slips.</summary>
public sealed partial class ReadyToShipPages(StorefrontHost host) : AdminTestBase(host)
{
    private sealed record Scenario(Order Split, Order InStock, Order Together, Order Unpaid, Order PreOrder, Order AlreadyShipped);

    /// <summary>Six orders a minute apart; only the split one and the in-stock one can go out now.</summary>
    private async Task<Scenario> OrdersAsync()
    {
        var lamp = await Data.Product("RTS-LAMP").Named("Shelf Lamp").OnHand(2).Backorderable().RestockExpected(Today.AddDays(14)).SaveAsync();
        var mug = await Data.Product("RTS-MUG").Named("Mug").OnHand(20).SaveAsync();
        var book = await Data.Product("RTS-BOOK").Named("New Book").OnHand(5).ReleasedOn(Today.AddDays(10)).SaveAsync();

        var shipped = await OrderScenario.PlacePaidAsync(App, (mug.Id, 1));
        Assert.True((await OrderScenario.ShipAsync(App, shipped.Id)).Succeeded);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var split = await OrderScenario.PlacePaidAsync(App, ShippingChoice.Split, (lamp.Id, 3), (mug.Id, 1));
        Clock.Advance(TimeSpan.FromMinutes(1));
        var together = await OrderScenario.PlacePaidAsync(App, ShippingChoice.Together, (lamp.Id, 3), (mug.Id, 1));
        Clock.Advance(TimeSpan.FromMinutes(1));
        var unpaid = await OrderScenario.PlaceAsync(App, (mug.Id, 2));
        Clock.Advance(TimeSpan.FromMinutes(1));
        var preOrder = await OrderScenario.PlacePaidAsync(App, (book.Id, 1));
        Clock.Advance(TimeSpan.FromMinutes(1));
        var inStock = await OrderScenario.PlacePaidAsync(App, (mug.Id, 2));
        return new Scenario(split, inStock, together, unpaid, preOrder, shipped);
    }

    private static List<string> ListedNumbers(string html) =>
        [.. RowNumber().Matches(html[html.IndexOf("<tbody>", StringComparison.Ordinal)..]).Select(m => m.Groups[1].Value)];

    private static string Key(string html, int orderId) =>
        Regex.Match(html, $"name=\"Keys\\[{orderId}\\]\" value=\"([^\"]+)\"").Groups[1].Value;

    [Fact]
    public async Task TheList_ShowsOnlyOrdersThatCanGoOutNow_OldestFirst()
    {
        var s = await OrdersAsync();

        var html = await Staff.Client.GetStringAsync("/Admin/Shipping");

        Assert.Equal([s.Split.Number, s.InStock.Number], ListedNumbers(html));
        Assert.Contains("2 orders ready to ship.", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/Admin/Shipping\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BulkShip_ShipsEachTickedOrder_ReportsTheOneThatCannot_AndEmailsTheCustomers()
    {
        var s = await OrdersAsync();
        var html = await Staff.Client.GetStringAsync("/Admin/Shipping");
        var splitKey = Key(html, s.Split.Id);
        var inStockKey = Key(html, s.InStock.Id);

        var response = await Staff.PostAsync("/Admin/Shipping",
        [
            new("Carrier", "UPS"),
            new("Selected", s.Split.Id.ToString()), new($"Keys[{s.Split.Id}]", splitKey), new($"Tracking[{s.Split.Id}]", "1ZSPLIT"),
            new("Selected", s.Together.Id.ToString()), new($"Keys[{s.Together.Id}]", "forged-key"), new($"Tracking[{s.Together.Id}]", "1ZTOGETHER"),
            new("Selected", s.InStock.Id.ToString()), new($"Keys[{s.InStock.Id}]", inStockKey), new($"Tracking[{s.InStock.Id}]", "1ZMUG"),
        ]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await Staff.Client.GetStringAsync(response.Headers.Location!.ToString());
        Assert.Contains($"{s.Split.Number}: shipped 3 units with UPS, tracking 1ZSPLIT.", after, StringComparison.Ordinal);
        Assert.Contains($"{s.InStock.Number}: shipped 2 units with UPS, tracking 1ZMUG.", after, StringComparison.Ordinal);
        Assert.Contains($"{s.Together.Number}: not shipped.", after, StringComparison.Ordinal);
        Assert.Contains("0 orders ready to ship.", after, StringComparison.Ordinal);

        var split = await OrderScenario.LoadAsync(App, s.Split.Id);
        var together = await OrderScenario.LoadAsync(App, s.Together.Id);
        var inStock = await OrderScenario.LoadAsync(App, s.InStock.Id);
        Assert.Equal(OrderStatus.PartiallyShipped, split.Status);
        Assert.Equal(OrderStatus.Paid, together.Status);
        Assert.Equal(OrderStatus.Shipped, inStock.Status);
        await App.WithDbAsync(async db =>
        {
            var emails = await db.OutboxMessages.AsNoTracking().Where(m => m.Kind == MessageKinds.Shipped).Select(m => m.OrderId).ToListAsync();
            Assert.Equal(new int?[] { s.AlreadyShipped.Id, s.InStock.Id, s.Split.Id }.Order(), emails.Order());
            Assert.Equal(0, await db.Shipments.CountAsync(x => x.OrderId == s.Together.Id));
            Assert.Contains(await db.StockLedger.Select(e => e.Reason).ToListAsync(), r => r == $"Shipped in order {s.InStock.Number}");
        });

        // The same form again ships nothing twice.
        var again = await Staff.PostAsync("/Admin/Shipping",
            [new("Carrier", "UPS"), new("Selected", s.InStock.Id.ToString()), new($"Keys[{s.InStock.Id}]", inStockKey), new($"Tracking[{s.InStock.Id}]", "1ZMUG")]);
        var repeated = await Staff.Client.GetStringAsync(again.Headers.Location!.ToString());
        Assert.Contains($"{s.InStock.Number}: already shipped with UPS 1ZMUG", repeated, StringComparison.Ordinal);
        Assert.Equal(1, await App.WithDbAsync(db => db.Shipments.CountAsync(x => x.OrderId == s.InStock.Id)));
    }

    [Fact]
    public async Task BulkShip_WithoutACarrierOrATick_ShipsNothing()
    {
        var s = await OrdersAsync();
        var html = await Staff.Client.GetStringAsync("/Admin/Shipping");

        var noCarrier = await Staff.PostAsync("/Admin/Shipping",
            [new("Carrier", " "), new("Selected", s.InStock.Id.ToString()), new($"Keys[{s.InStock.Id}]", Key(html, s.InStock.Id)), new($"Tracking[{s.InStock.Id}]", "1Z")]);
        var noTick = await Staff.PostAsync("/Admin/Shipping", [new("Carrier", "UPS")]);
        var unknown = await Staff.PostAsync("/Admin/Shipping",
            [new("Carrier", "UPS"), new("Selected", "999999"), new("Keys[999999]", "k"), new("Tracking[999999]", "1Z")]);

        Assert.Equal(HttpStatusCode.OK, noCarrier.StatusCode);
        Assert.Contains("Enter the carrier.", await noCarrier.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Tick the orders to ship.", await noTick.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, unknown.StatusCode);
        Assert.Contains("There is no such order.", await Staff.Client.GetStringAsync(unknown.Headers.Location!.ToString()), StringComparison.Ordinal);
        Assert.Equal(1, await App.WithDbAsync(db => db.Shipments.CountAsync()));
    }

    [Fact]
    public async Task PackingSlips_ListWhatIsInTheParcelAndWhatFollows_ForOneOrMany()
    {
        var s = await OrdersAsync();

        var html = await Staff.Client.GetStringAsync($"/Admin/Shipping/PackingSlips?id={s.Split.Id}&id={s.InStock.Id}");
        var none = await Staff.Client.GetAsync("/Admin/Shipping/PackingSlips");
        var unpaid = await Staff.Client.GetAsync($"/Admin/Shipping/PackingSlips?id={s.Unpaid.Id}");

        Assert.Equal(2, Regex.Count(html, "<article class=\"packing-slip"));
        Assert.Contains($"Order {s.Split.Number}", html, StringComparison.Ordinal);
        Assert.Contains("1 × Shelf Lamp: backordered, expected to ship by ", html, StringComparison.Ordinal);
        Assert.Contains("Ada Shopper", html, StringComparison.Ordinal);
        Assert.Matches("<link rel=\"stylesheet\" href=\"/css/packing-slip[^\"]*\\.css", html);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unpaid.StatusCode);
    }

    [Fact]
    public async Task Shoppers_CannotSeeOrPostToReadyToShip()
    {
        var s = await OrdersAsync();
        using var shopper = new ShopperSession(App);
        await shopper.SignInAsNewUserAsync(App, "shopper@example.test");

        var get = await shopper.Client.GetAsync("/Admin/Shipping");
        var slip = await shopper.Client.GetAsync($"/Admin/Shipping/PackingSlips?id={s.InStock.Id}");
        var post = await shopper.PostAsync("/Admin/Shipping", [new("Carrier", "UPS"), new("Selected", s.InStock.Id.ToString()), new($"Keys[{s.InStock.Id}]", "k"), new($"Tracking[{s.InStock.Id}]", "1Z")]);

        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, slip.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(1, await App.WithDbAsync(db => db.Shipments.CountAsync()));
    }

    [GeneratedRegex("<a href=\"/Admin/Orders/Details/([A-Z0-9-]+)\">")]
    private static partial Regex RowNumber();
}
