using System.Net;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Identity;
using Storefront.Core.Orders;
using Storefront.Tests.Checkout;
using Storefront.Tests.Infrastructure;
using Storefront.Tests.Orders;

namespace Storefront.Tests.Admin;

/// <summary>The admin orders pages over HTTP: who may see them, what they show, and the ship form.</summary>
public sealed class OrdersPages(StorefrontHost host) : CheckoutTestBase(host)
{
    /// <summary>5 lamps: 3 on the shelf, 2 backordered until 17 March 2027; shipped as the shopper chose (none: together).</summary>
    private async Task<Order> PaidOrderAsync(ShippingChoice? shipping = null)
    {
        var lamp = await Data.Product("ADM-1").Named("Shelf Lamp").OnHand(3).Backorderable().RestockExpected(Today.AddDays(14)).SaveAsync();
        return await OrderScenario.PlacePaidAsync(App, shipping, (lamp.Id, 5));
    }

    private static string Key(string form) =>
        System.Text.RegularExpressions.Regex.Match(form, "name=\"Input.ShipmentKey\" value=\"([^\"]+)\"").Groups[1].Value;

    [Theory]
    [InlineData("/Admin")]
    [InlineData("/Admin/Orders")]
    [InlineData("/Admin/Orders/Details/SF-NOPE")]
    public async Task AnonymousVisitors_AreSentToSignIn(string url)
    {
        var response = await Shopper.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Identity/Account/Login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/Admin")]
    [InlineData("/Admin/Orders")]
    public async Task Shoppers_AreForbidden(string url)
    {
        await Shopper.SignInAsNewUserAsync(App, "shopper@example.test");

        var response = await Shopper.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Shoppers_CannotSeeOrPostToAnOrdersDetailPage()
    {
        var order = await PaidOrderAsync();
        await Shopper.SignInAsNewUserAsync(App, "shopper@example.test");

        var get = await Shopper.Client.GetAsync($"/Admin/Orders/Details/{order.Number}");
        var post = await Shopper.PostAsync($"/Admin/Orders/Details/{order.Number}?handler=Ship",
            [new("Input.ShipmentKey", "k1"), new("Input.Carrier", "UPS"), new("Input.TrackingNumber", "1Z")]);

        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(0, await App.WithDbAsync(db => db.Shipments.CountAsync()));
    }

    [Fact]
    public async Task Staff_SeeTheDashboardTheOrderListAndAnOrder()
    {
        var order = await PaidOrderAsync();
        await Shopper.SignInAsNewUserAsync(App, "staff@example.test", Roles.Staff);

        var dashboard = await Shopper.Client.GetAsync("/Admin");
        var list = await Shopper.Client.GetAsync("/Admin/Orders");
        var details = await Shopper.Client.GetAsync($"/Admin/Orders/Details/{order.Number}");
        var missing = await Shopper.Client.GetAsync("/Admin/Orders/Details/SF-NOPE");

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.OK, details.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var listHtml = await list.Content.ReadAsStringAsync();
        Assert.Contains(order.Number, listHtml, StringComparison.Ordinal);
        var detailsHtml = await details.Content.ReadAsStringAsync();
        Assert.Contains("Shelf Lamp", detailsHtml, StringComparison.Ordinal);
        Assert.Contains("promised 17 March 2027", detailsHtml, StringComparison.Ordinal);
        Assert.Contains("Ship allocated units", detailsHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOrderList_SearchesByNumberAndEmail_AndFiltersByStatus()
    {
        var order = await PaidOrderAsync();
        var lamp = order.Lines[0].ProductId;
        var unpaid = await OrderScenario.PlaceAsync(App, (lamp, 1));
        await Shopper.SignInAsNewUserAsync(App, "staff@example.test", Roles.Staff);

        var byNumber = await Shopper.Client.GetStringAsync($"/Admin/Orders?q={order.Number[3..].ToLowerInvariant()}");
        var byEmail = await Shopper.Client.GetStringAsync("/Admin/Orders?q=ADA@EXAMPLE");
        var pending = await Shopper.Client.GetStringAsync("/Admin/Orders?status=PendingPayment");
        var none = await Shopper.Client.GetStringAsync("/Admin/Orders?q=nobody");

        Assert.Contains(order.Number, byNumber, StringComparison.Ordinal);
        Assert.DoesNotContain(unpaid.Number, byNumber, StringComparison.Ordinal);
        Assert.Contains(order.Number, byEmail, StringComparison.Ordinal);
        Assert.Contains(unpaid.Number, byEmail, StringComparison.Ordinal);
        Assert.Contains(unpaid.Number, pending, StringComparison.Ordinal);
        Assert.DoesNotContain(order.Number, pending, StringComparison.Ordinal);
        Assert.Contains("0 orders found", none, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffShipThroughTheForm_TheOrderSaysPartiallyShipped_AndASecondSubmitDoesNotShipAgain()
    {
        // The shopper chose split: what is on the shelf may ship now.
        var order = await PaidOrderAsync(ShippingChoice.Split);
        await Shopper.SignInAsNewUserAsync(App, "staff@example.test", Roles.Staff);
        var url = $"/Admin/Orders/Details/{order.Number}";
        var form = await Shopper.Client.GetStringAsync(url);
        var key = System.Text.RegularExpressions.Regex.Match(form, "name=\"Input.ShipmentKey\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(key);
        List<KeyValuePair<string, string>> fields =
        [
            new("Input.ShipmentKey", key), new("Input.Carrier", "UPS"), new("Input.TrackingNumber", "1Z999"),
            new("Input.Lines[0].OrderLineId", order.Lines[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Input.Lines[0].Quantity", "3"),
        ];

        var first = await Shopper.PostAsync(url + "?handler=Ship", fields);
        var second = await Shopper.PostAsync(url + "?handler=Ship", fields);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        var page = await Shopper.Client.GetStringAsync(url);
        Assert.Contains("Partially shipped", page, StringComparison.Ordinal);
        Assert.Contains("1Z999", page, StringComparison.Ordinal);
        await App.WithDbAsync(async db =>
        {
            Assert.Equal(1, await db.Shipments.CountAsync());
            Assert.Equal("staff@example.test", (await db.Shipments.SingleAsync()).ShippedBy);
            Assert.Equal(0, (await db.Stock.SingleAsync()).OnHand);
        });
    }

    [Fact]
    public async Task TheShipForm_ShowsClearErrors_AndShipsNothing()
    {
        var order = await PaidOrderAsync();
        await Shopper.SignInAsNewUserAsync(App, "staff@example.test", Roles.Staff);
        var url = $"/Admin/Orders/Details/{order.Number}";

        var noCarrier = await Shopper.PostAsync(url + "?handler=Ship",
            [new("Input.ShipmentKey", "key-1"), new("Input.Carrier", ""), new("Input.TrackingNumber", "1Z"),
             new("Input.Lines[0].OrderLineId", order.Lines[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Input.Lines[0].Quantity", "1")]);
        var tooMany = await Shopper.PostAsync(url + "?handler=Ship",
            [new("Input.ShipmentKey", "key-2"), new("Input.Carrier", "UPS"), new("Input.TrackingNumber", "1Z"),
             new("Input.Lines[0].OrderLineId", order.Lines[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Input.Lines[0].Quantity", "5")]);

        Assert.Equal(HttpStatusCode.OK, noCarrier.StatusCode);
        Assert.Contains("Please enter the carrier.", await noCarrier.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, tooMany.StatusCode);
        Assert.Contains("ADM-1: only 3 allocated unit(s) can ship, not 5 (2 backordered unit(s) ship once stock arrives).",
            await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await App.WithDbAsync(db => db.Shipments.CountAsync()));
    }

    [Fact]
    public async Task TheShipForm_RefusesToShipPartOfATogetherOrderWithoutAReason_AndShipsItWithOne_RecordingTheReason()
    {
        // Before: the page offered "Ship" for the 3 lamps on the shelf and shipped them, though the
        // customer had asked for everything in one parcel once the 2 backordered lamps arrive.
        var order = await PaidOrderAsync();
        Assert.Equal(ShippingChoice.Together, order.ShippingChoice);
        await Shopper.SignInAsNewUserAsync(App, "staff@example.test", Roles.Staff);
        var url = $"/Admin/Orders/Details/{order.Number}";
        var form = WebUtility.HtmlDecode(await Shopper.Client.GetStringAsync(url));
        Assert.Contains("The customer chose to receive this order in one parcel, shipped when everything has arrived (by 17 March 2027)", form, StringComparison.Ordinal);
        Assert.Contains("Ship part now (override)", form, StringComparison.Ordinal);
        Assert.DoesNotContain(">Ship</button>", form, StringComparison.Ordinal);
        List<KeyValuePair<string, string>> fields =
        [
            new("Input.ShipmentKey", Key(form)), new("Input.Carrier", "UPS"), new("Input.TrackingNumber", "1Z777"),
            new("Input.Lines[0].OrderLineId", order.Lines[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Input.Lines[0].Quantity", "3"),
        ];

        var refused = await Shopper.PostAsync(url + "?handler=Ship", [.. fields, new("Input.OverrideReason", "   ")]);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains($"The customer chose to receive order {order.Number} in one parcel, shipped when everything has arrived (by 17 March 2027). To ship part of it now, enter the reason for overriding their choice.",
            WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        await App.WithDbAsync(async db =>
        {
            Assert.Equal(0, await db.Shipments.CountAsync());
            Assert.Equal((3, 3), ((await db.Stock.SingleAsync()).OnHand, (await db.Stock.SingleAsync()).Allocated));
        });

        var shipped = await Shopper.PostAsync(url + "?handler=Ship", [.. fields, new("Input.OverrideReason", "Customer phoned: needs the lamps for an opening")]);

        Assert.Equal(HttpStatusCode.Redirect, shipped.StatusCode);
        var page = WebUtility.HtmlDecode(await Shopper.Client.GetStringAsync(url));
        Assert.Contains("Customer phoned: needs the lamps for an opening", page, StringComparison.Ordinal);
        await App.WithDbAsync(async db =>
        {
            var shipment = await db.Shipments.AsNoTracking().SingleAsync();
            Assert.Equal("Customer phoned: needs the lamps for an opening", shipment.OverrideReason);
            Assert.Equal("staff@example.test", shipment.ShippedBy);
            Assert.Equal(OrderStatus.PartiallyShipped, (await db.Orders.SingleAsync()).Status);
            // The customer paid for one parcel: the override does not charge them for a second.
            Assert.Equal(order.ShippingAmount, (await db.Orders.SingleAsync()).ShippingAmount);
        });
    }

    [Fact]
    public async Task ATogetherOrderWithNothingLeftWaiting_ShipsInFullWithoutAReason_ButNotInPart()
    {
        var lamp = await Data.Product("ADM-2").Named("Shelf Lamp").OnHand(3).Backorderable().RestockExpected(Today.AddDays(14)).SaveAsync();
        var order = await OrderScenario.PlacePaidAsync(App, ShippingChoice.Together, (lamp.Id, 5));
        await OrderScenario.ReceiveAsync(App, lamp.Id, 2);
        var line = order.Lines[0].Id;

        var part = await OrderScenario.ShipAsync(App, order.Id, [new(line, 4)]);
        var whole = await OrderScenario.ShipAsync(App, order.Id, [new(line, 5)]);

        Assert.Equal(Storefront.Core.Shipping.ShipOutcome.Invalid, part.Outcome);
        Assert.Equal(Storefront.Core.Shipping.ShipOutcome.Shipped, whole.Outcome);
        Assert.Null(whole.Shipment!.OverrideReason);
        Assert.Equal(OrderStatus.Shipped, (await OrderScenario.LoadAsync(App, order.Id)).Status);
    }
}
