using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Checkout;
using Storefront.Core.Orders;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Checkout;

/// <summary>
/// Found from outside: one anonymous checkout could hold all of a product's stock for 30 minutes
/// while every other shopper saw "Out of stock". Unpaid checkouts now hold a bounded amount, and an
/// untouched payment page lets its stock go sooner (ADR 0015).
/// </summary>
public sealed class UnpaidCheckoutLimits(StorefrontHost host) : CheckoutTestBase(host)
{
    private static string Key() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task OneBrowser_HasAtMostTwoUnpaidOrders_AndATHirdIsRefusedUntilOneIsPaid()
    {
        var product = await Data.Product("LIM-1").OnHand(20).SaveAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await Shopper.PlaceOrderAsync(Key(), [(product.Id, 1)])).StatusCode);
        var second = await Shopper.PlaceOrderAsync(Key(), [(product.Id, 1)]);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);

        var third = await Shopper.PlaceOrderAsync(Key(), [(product.Id, 1)]);

        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Contains("You already have 2 orders waiting for payment", await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, await App.WithDbAsync(db => db.Orders.CountAsync()));
        // Another shopper is not held back by this one.
        using var other = new ShopperSession(App);
        Assert.Equal(HttpStatusCode.Redirect, (await other.PlaceOrderAsync(Key(), [(product.Id, 1)])).StatusCode);
        // Paying one makes room again.
        await Shopper.PayAsync(second, "4242424242424242");
        Assert.Equal(HttpStatusCode.Redirect, (await Shopper.PlaceOrderAsync(Key(), [(product.Id, 1)])).StatusCode);
    }

    [Fact]
    public async Task AnUnpaidCheckoutHoldsAtMostTenOfAProduct_AcrossTheBrowsersOrders()
    {
        var product = await Data.Product("LIM-2").Named("Copper Kettle").OnHand(30).SaveAsync();
        var id = product.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // The cart and the product's availability say the same limit checkout enforces.
        await Shopper.AddToCartAsync(id, "11");
        Assert.Contains("at most 10 of Copper Kettle", await Shopper.Client.GetStringAsync("/Cart"), StringComparison.Ordinal);
        Assert.Contains("\"maxQuantity\":10", await Shopper.Client.GetStringAsync("/api/products/LIM-2"), StringComparison.Ordinal);
        var tooMany = await Shopper.PlaceOrderAsync(Key(), [(product.Id, 11)]);
        Assert.Contains("You can order at most 10 of Copper Kettle at once.", await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await Shopper.PlaceOrderAsync(Key(), [(product.Id, 6)])).StatusCode);
        var more = await Shopper.PlaceOrderAsync(Key(), [(product.Id, 5)]);
        Assert.Equal(HttpStatusCode.OK, more.StatusCode);
        Assert.Contains("already holds 6 of Copper Kettle; until it is paid you can add at most 4 more", await more.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await Shopper.PlaceOrderAsync(Key(), [(product.Id, 4)])).StatusCode);

        await App.WithDbAsync(async db => Assert.Equal(10, (await db.Stock.SingleAsync(s => s.ProductId == product.Id)).Allocated));
        using var other = new ShopperSession(App);
        Assert.Equal(HttpStatusCode.Redirect, (await other.PlaceOrderAsync(Key(), [(product.Id, 10)])).StatusCode);
    }

    [Fact]
    public async Task ManyBrowsersFromOneNetworkAddress_HaveAtMostTenUnpaidOrders()
    {
        var product = await Data.Product("LIM-3").OnHand(50).SaveAsync();
        async Task<PlaceOrderResult> PlaceAsync(string client, string address)
        {
            await using var scope = App.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<OrderPlacement>().PlaceAsync(new PlaceOrderRequest(
                Key(), $"{client}@example.test", null, new ShippingAddress("A Shopper", "1 High Street", null, "Springfield", "12345", "US"),
                [new OrderLineRequest(product.Id, 1)], BackorderTermsAccepted: false, Client: new CheckoutClient(client, address)));
        }
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(PlaceOrderOutcome.Placed, (await PlaceAsync($"browser{i}", "office")).Outcome);
        }

        var eleventh = await PlaceAsync("browser10", "office");

        Assert.Equal(PlaceOrderOutcome.Refused, eleventh.Outcome);
        Assert.Contains("Too many orders from your network", Assert.Single(eleventh.Errors), StringComparison.Ordinal);
        Assert.Equal(PlaceOrderOutcome.Placed, (await PlaceAsync("browser10", "elsewhere")).Outcome);
    }

    [Fact]
    public async Task AnUntouchedPaymentPage_LetsItsStockGoAfterTenMinutes()
    {
        var product = await Data.Product("LIM-4").OnHand(3).SaveAsync();
        var placed = await Shopper.PlaceOrderAsync(Key(), [(product.Id, 3)]);
        Assert.Equal(HttpStatusCode.OK, (await Shopper.Client.GetAsync(placed.Headers.Location)).StatusCode);
        var order = await App.WithDbAsync(db => db.Orders.AsNoTracking().SingleAsync());
        Assert.Equal(order.PlacedAt.AddMinutes(10), order.HoldExpiresAt);

        Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0, await ReleaseExpiredAsync());
        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await ReleaseExpiredAsync());

        await App.WithDbAsync(async db => Assert.Equal(0, (await db.Stock.SingleAsync()).Allocated));
    }

    [Fact]
    public async Task UsingThePaymentPage_ExtendsTheHold_ButNeverPastThirtyMinutesFromPlacing()
    {
        var product = await Data.Product("LIM-5").OnHand(3).SaveAsync();
        var placed = await Shopper.PlaceOrderAsync(Key(), [(product.Id, 1)]);
        var payUrl = placed.Headers.Location!.ToString();

        // A shopper still typing at minute 8: the hold runs ten minutes from then.
        Clock.Advance(TimeSpan.FromMinutes(8));
        var typo = await Shopper.PostAsync(payUrl, [new("CardNumber", "1234")]);
        Assert.Contains("test payments only", await typo.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMinutes(18), await HeldForAsync());
        Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, await ReleaseExpiredAsync());

        // A declined card at minute 16 extends it to minute 26; another at minute 24 only to the 30-minute ceiling.
        Clock.Advance(TimeSpan.FromMinutes(3));
        var declined = await Shopper.PostAsync(payUrl, [new("CardNumber", "4000000000000002")]);
        Assert.Equal(HttpStatusCode.Redirect, declined.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(26), await HeldForAsync());
        Clock.Advance(TimeSpan.FromMinutes(8));
        var again = await Shopper.PostAsync(declined.Headers.Location!.ToString(), [new("CardNumber", "4000000000000002")]);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(30), await HeldForAsync());
        Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, await ReleaseExpiredAsync());
        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await ReleaseExpiredAsync());
        Assert.Equal(OrderStatus.Expired, (await App.WithDbAsync(db => db.Orders.AsNoTracking().SingleAsync())).Status);
    }

    private async Task<TimeSpan> HeldForAsync()
    {
        var order = await App.WithDbAsync(db => db.Orders.AsNoTracking().SingleAsync());
        return order.HoldExpiresAt!.Value - order.PlacedAt;
    }

    private async Task<int> ReleaseExpiredAsync()
    {
        await using var scope = App.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OrderHolds>().ReleaseExpiredAsync();
    }
}
