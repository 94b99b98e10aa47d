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
    private async Task<Order> PaidOrderAsync()
    {
        var lamp = await Data.Product("ADM-1").Named("Shelf Lamp").OnHand(3).Backorderable().RestockExpected(Today.AddDays(14)).SaveAsync();
        return await OrderScenario.PlacePaidAsync(App, (lamp.Id, 5));
    }

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
        var order = await PaidOrderAsync();
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
}
