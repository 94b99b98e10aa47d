using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;
using Storefront.Tests.Checkout;

namespace Storefront.Tests.Orders;

/// <summary>
/// "Ship everything together" holds the in-stock items until the backorder arrives, and every page
/// and email says so: the whole parcel ships by the last ETA. Before, they all said the in-stock
/// items "ship now".
/// </summary>
public sealed partial class ShippingTogether(StorefrontHost host) : CheckoutTestBase(host)
{
    private static string Html(string html) => WebUtility.HtmlDecode(html);

    /// <summary>A lamp on the shelf and a desk backordered from a delivery in 12 days (ships by 15 March 2027).</summary>
    private async Task<(int Lamp, int Desk)> MixedAsync()
    {
        var lamp = await Data.Product("TOG-1").Named("Shelf Lamp").Priced(2500).OnHand(5).SaveAsync();
        var desk = await Data.Product("TOG-2").Named("Walnut Desk").Priced(40000).OutOfStock().Backorderable()
            .WithDelivery(Today.AddDays(12), 10).SaveAsync();
        return (lamp.Id, desk.Id);
    }

    private async Task<string> PlaceAndPayAsync(string choice)
    {
        var (lamp, desk) = await MixedAsync();
        var placed = await Shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(lamp, 2), (desk, 1)], extra: [new("Input.Shipping", choice)]);
        var paid = await Shopper.PayAsync(placed, "4242424242424242");
        return Html(await Shopper.Client.GetStringAsync(paid.Headers.Location!));
    }

    private Task<OutboxMessage> EmailAsync(string kind) =>
        App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Kind == kind));

    [Fact]
    public async Task ATogetherOrder_ConfirmationOrderPageAndEmail_SayTheInStockItemsShipWithTheRestByTheLastEta_NotNow()
    {
        var confirmation = await PlaceAndPayAsync("Together");

        Assert.Contains("2 ship with the rest of your order by 15 March 2027", confirmation, StringComparison.Ordinal);
        Assert.Contains("your whole order ships in one parcel by 15 March 2027", confirmation, StringComparison.Ordinal);
        Assert.DoesNotContain("ship now", confirmation, StringComparison.Ordinal);
        Assert.DoesNotContain("ships now", confirmation, StringComparison.Ordinal);

        var track = TrackLink().Match(confirmation).Groups[1].Value;
        Assert.NotEmpty(track);
        var orderPage = Html(await Shopper.Client.GetStringAsync(track));
        Assert.Contains("2 ship with the rest of your order by 15 March 2027", orderPage, StringComparison.Ordinal);
        Assert.Contains("your whole order ships in one parcel by 15 March 2027", orderPage, StringComparison.Ordinal);
        Assert.DoesNotContain("ships now", orderPage, StringComparison.Ordinal);

        var email = await EmailAsync(MessageKinds.OrderConfirmed);
        foreach (var body in new[] { email.TextBody, Html(email.HtmlBody) })
        {
            Assert.Contains("2 ship with the rest of your order by 15 March 2027", body, StringComparison.Ordinal);
            Assert.Contains("1 backordered until 15 March 2027", body, StringComparison.Ordinal);
            Assert.Contains("your whole order ships in one parcel by 15 March 2027", body, StringComparison.Ordinal);
            Assert.DoesNotContain("ships now", body, StringComparison.Ordinal);
        }
    }

    // Reproduction: a one-parcel order by 15 December listed "1 × Conical Burr Grinder — ships by 13 December".
    [Fact]
    public async Task ABackorderDueBeforeTheLastOne_InATogetherOrder_IsReadyByItsDate_AndShipsWithTheRest()
    {
        var (_, desk) = await MixedAsync();
        var chair = await Data.Product("TOG-3").Named("Oak Chair").Priced(9000).OutOfStock().Backorderable()
            .WithDelivery(Today.AddDays(5), 10).SaveAsync();
        var placed = await Shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(desk, 1), (chair.Id, 1)], extra: [new("Input.Shipping", "Together")]);
        var confirmation = Html(await Shopper.Client.GetStringAsync((await Shopper.PayAsync(placed, "4242424242424242")).Headers.Location!));
        var orderPage = Html(await Shopper.Client.GetStringAsync(TrackLink().Match(confirmation).Groups[1].Value));
        var email = await EmailAsync(MessageKinds.OrderConfirmed);

        foreach (var text in new[] { confirmation, orderPage, email.TextBody, Html(email.HtmlBody) })
        {
            Assert.Contains("1 backordered — ready by 8 March 2027, ships with the rest of your order by 15 March 2027", text, StringComparison.Ordinal);
            Assert.DoesNotContain("ships by 8 March", text, StringComparison.Ordinal);
            Assert.DoesNotContain("until 8 March", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ASplitOrder_SaysTheInStockItemsShipNow()
    {
        var confirmation = await PlaceAndPayAsync("Split");

        // "2 ships now" before: the number and the verb now agree.
        Assert.Contains("2 ship now", confirmation, StringComparison.Ordinal);
        Assert.Contains("1 backordered — ships by 15 March 2027", confirmation, StringComparison.Ordinal);
        Assert.Contains("in separate parcels", confirmation, StringComparison.Ordinal);
        Assert.Contains("2 ship now", (await EmailAsync(MessageKinds.OrderConfirmed)).TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCheckoutPage_SaysWhenEachChoiceShips_AndListsShelfUnitsAsInStockNotShipNow()
    {
        var (lamp, desk) = await MixedAsync();
        await Shopper.AddToCartAsync(lamp.ToString(System.Globalization.CultureInfo.InvariantCulture), "2");
        await Shopper.AddToCartAsync(desk.ToString(System.Globalization.CultureInfo.InvariantCulture), "1");

        var checkout = Html(await Shopper.Client.GetStringAsync("/Checkout"));

        Assert.Contains("One parcel by 15 March 2027, when the backordered items arrive; the in-stock items wait for them.", checkout, StringComparison.Ordinal);
        Assert.Contains("Two parcels: the in-stock items now, the rest by 15 March 2027", checkout, StringComparison.Ordinal);
        Assert.Matches("id=\"shipping-together\" value=\"Together\"[^>]*checked", checkout);
        Assert.Contains("2 in stock", checkout, StringComparison.Ordinal);
        Assert.DoesNotContain("ship now", checkout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnitsFilledForATogetherOrder_AreSaidToShipWithTheRest_NotSoon()
    {
        var lamp = await Data.Product("TOG-3").Named("Shelf Lamp").OnHand(5).SaveAsync();
        var kettle = await Data.Product("TOG-4").Named("Copper Kettle").OutOfStock().Backorderable().WithDelivery(Today.AddDays(5), 5).SaveAsync();
        var desk = await Data.Product("TOG-5").Named("Walnut Desk").OutOfStock().Backorderable().RestockExpected(Today.AddDays(20)).SaveAsync();
        var order = await OrderScenario.PlacePaidAsync(App, ShippingChoice.Together, (lamp.Id, 1), (kettle.Id, 1), (desk.Id, 1));

        await OrderScenario.ReceiveAsync(App, kettle.Id, 1);

        var filled = await EmailAsync(MessageKinds.BackorderFilled);
        // The desk still waits (restock 21 March + 2 handling days): the kettle does not "ship soon".
        Assert.Contains("ships with the rest of your order by 23 March 2027", filled.TextBody, StringComparison.Ordinal);
        Assert.Contains("in one parcel by 23 March 2027", filled.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("ships soon", filled.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("ship soon", filled.Subject, StringComparison.Ordinal);
        Assert.Equal(order.Id, filled.OrderId);
    }

    [Fact]
    public async Task AddingOnlyBackorderedUnits_SaysHowManyAreOnBackorder_NotZeroShipNow()
    {
        var desk = await Data.Product("TOG-6").Named("Walnut Desk").OutOfStock().Backorderable().WithDelivery(Today.AddDays(12), 10).SaveAsync();

        var added = await Shopper.AddToCartAsync(desk.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "2");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var cart = Html(await Shopper.Client.GetStringAsync(added.Headers.Location!));

        Assert.Contains("Added 2 × Walnut Desk to your cart. 2 on backorder (ships by 15 March 2027).", cart, StringComparison.Ordinal);
        Assert.DoesNotContain("0 ship now", cart, StringComparison.Ordinal);
        Assert.DoesNotContain("0 in stock", cart, StringComparison.Ordinal);
    }

    [GeneratedRegex("id=\"track-order\" href=\"([^\"]+)\"")]
    private static partial Regex TrackLink();
}
