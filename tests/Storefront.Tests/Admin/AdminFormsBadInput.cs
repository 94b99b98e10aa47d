using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Identity;
using Storefront.Core.Orders;
using Storefront.Tests.Infrastructure;
using Storefront.Tests.Inventory;

namespace Storefront.Tests.Admin;

/// <summary>Admin forms answer impossible values with the right message, and change nothing.</summary>
public sealed class AdminFormsBadInput(StorefrontHost host) : InventoryTestBase(host)
{
    private static string S(int n) => n.ToString(CultureInfo.InvariantCulture);

    private async Task<ShopperSession> StaffAsync()
    {
        var session = new ShopperSession(App);
        await session.SignInAsNewUserAsync(App, "clerk@example.test", Roles.Staff);
        return session;
    }

    // Reproduction: shipping 99999999 units said "must be 0 or more".
    [Fact]
    public async Task ShippingAHugeQuantity_SaysWhatTheLimitIs()
    {
        var product = await App.Data().Product("ADM-1").OnHand(5).SaveAsync();
        var order = await PlacePaidOrderAsync(product.Id, 2);
        var lineId = await App.WithDbAsync(db => db.OrderLines.Where(l => l.OrderId == order.Id).Select(l => l.Id).SingleAsync());
        using var staff = await StaffAsync();

        var response = await staff.PostAsync($"/Admin/Orders/Details/{order.Number}?handler=Ship",
            [new("Input.ShipmentKey", Guid.NewGuid().ToString("N")), new("Input.Carrier", "UPS"), new("Input.TrackingNumber", "1Z"),
             new("Input.Lines[0].OrderLineId", S(lineId)), new("Input.Lines[0].Quantity", "99999999")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("from 0 up to the units allocated", html, StringComparison.Ordinal);
        Assert.DoesNotContain("must be 0 or more", html, StringComparison.Ordinal);
        Assert.Equal(0, await App.WithDbAsync(db => db.Shipments.CountAsync()));
    }

    // Reproduction: cancelling Units=99999999 said "Units arrived for that backorder since the page loaded".
    [Fact]
    public async Task CancellingMoreBackorderedUnitsThanTheLineHeld_SaysSo_AndCancelsNothing()
    {
        var product = await App.Data().Product("ADM-2").OutOfStock().Backorderable().RestockExpected(Today.AddDays(9)).SaveAsync();
        var order = await PlacePaidOrderAsync(product.Id, 3);
        var backorder = Assert.Single(await BackorderLinesAsync(product.Id));
        using var staff = await StaffAsync();

        var response = await staff.PostAsync($"/Admin/Orders/Details/{order.Number}?handler=CancelBackorder",
            [new("backorderId", S(backorder.Id)), new("units", "99999999")]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await staff.Client.GetStringAsync(response.Headers.Location!.ToString());

        Assert.Contains("has 3 open units, not 99999999; nothing was cancelled", page, StringComparison.Ordinal);
        Assert.DoesNotContain("since the page loaded", page, StringComparison.Ordinal);
        Assert.Equal(3, Assert.Single(await BackorderLinesAsync(product.Id)).Quantity);
    }

    // Reproduction: units=-1 (or 0, or "abc") on the staff cancel form cancelled the whole line and refunded it.
    [Theory]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("abc")]
    public async Task CancellingWithAUnitCountBelowOne_CancelsNothing(string units)
    {
        var product = await App.Data().Product("ADM-4").OutOfStock().Backorderable().RestockExpected(Today.AddDays(9)).SaveAsync();
        var order = await PlacePaidOrderAsync(product.Id, 3);
        var backorder = Assert.Single(await BackorderLinesAsync(product.Id));
        using var staff = await StaffAsync();

        var response = await staff.PostAsync($"/Admin/Orders/Details/{order.Number}?handler=CancelBackorder",
            [new("backorderId", S(backorder.Id)), new("units", units)]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await staff.Client.GetStringAsync(response.Headers.Location!.ToString());

        Assert.Contains("nothing was cancelled", page, StringComparison.Ordinal);
        var after = Assert.Single(await BackorderLinesAsync(product.Id));
        Assert.Equal((BackorderStatus.Open, 3), (after.Status, after.Quantity));
    }

    // Reproduction: receiving a delivery already received showed the page without its error (the form, and its summary, were hidden).
    [Fact]
    public async Task ReceivingADeliveryAlreadyReceived_ShowsWhy()
    {
        var product = await App.Data().Product("ADM-3").OutOfStock().WithDelivery(Today.AddDays(4), 5).SaveAsync();
        var deliveryId = await DeliveryIdAsync(product.Id, Today.AddDays(4));
        using var staff = await StaffAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostAsync($"/Admin/Deliveries/Receive/{deliveryId}", [new("Quantity", "5")])).StatusCode);

        var again = await staff.PostAsync($"/Admin/Deliveries/Receive/{deliveryId}", [new("Quantity", "5")]);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("This delivery is already received.", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(5, (await StockAsync(product.Id)).OnHand);
    }

    // Reproduction: a checkbox posted as "on" or "abc" made the incentives form's re-display throw: a 500.
    [Theory]
    [InlineData("Input.FreeShippingOnBackorders", "abc")]
    [InlineData("Input.ApologyEnabled", "on")]
    public async Task TheIncentivesFormWithACheckboxThatIsNotTrueOrFalse_IsShownAgain_AndSavesNothing(string field, string value)
    {
        using var staff = await StaffAsync();
        var before = await App.WithDbAsync(db => db.Set<Storefront.Core.Incentives.IncentiveSettings>().CountAsync());

        var response = await staff.PostAsync("/Admin/Incentives", [new(field, value)]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("is not valid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await App.WithDbAsync(db => db.Set<Storefront.Core.Incentives.IncentiveSettings>().CountAsync()));
    }
}
