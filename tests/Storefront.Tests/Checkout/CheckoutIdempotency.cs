using System.Net;
using Microsoft.EntityFrameworkCore;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Checkout;

public sealed class CheckoutIdempotency(StorefrontHost host) : CheckoutTestBase(host)
{
    [Fact]
    public async Task TwoParallelSubmitsOfOneCheckoutForm_MakeOneOrderAndOnePayment()
    {
        var product = await Data.Product("IDEM-1").OnHand(10).SaveAsync();
        // The form is open in the browser (opening it gives the browser the secret its key is bound to).
        await Shopper.AddToCartAsync(product.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "2");
        Assert.Contains("Place order", await Shopper.Client.GetStringAsync("/Checkout"), StringComparison.Ordinal);
        var key = Guid.NewGuid().ToString("N");

        var responses = await Task.WhenAll(
            Shopper.PlaceOrderAsync(key, [(product.Id, 2)]),
            Shopper.PlaceOrderAsync(key, [(product.Id, 2)]));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.Equal(responses[0].Headers.Location!.AbsolutePath(), responses[1].Headers.Location!.AbsolutePath());
        await App.WithDbAsync(async db =>
        {
            Assert.Equal(1, await db.Orders.CountAsync());
            Assert.Equal(1, await db.Payments.CountAsync());
            Assert.Equal(2, (await db.Stock.SingleAsync(s => s.ProductId == product.Id)).Allocated);
        });
    }

    [Fact]
    public async Task SubmittingTheSameFormAfterPaying_ShowsThatOrderInsteadOfChargingAgain()
    {
        var product = await Data.Product("IDEM-2").OnHand(10).SaveAsync();
        var key = Guid.NewGuid().ToString("N");
        var placed = await Shopper.PlaceOrderAsync(key, [(product.Id, 1)]);
        var paid = await Shopper.PayAsync(placed, "4242 4242 4242 4242");
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);

        var again = await Shopper.PlaceOrderAsync(key, [(product.Id, 1)]);

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.StartsWith("/Checkout/Confirmation/", again.Headers.Location!.AbsolutePath(), StringComparison.Ordinal);
        await App.WithDbAsync(async db =>
        {
            Assert.Equal(1, await db.Orders.CountAsync());
            Assert.Equal(1, await db.Payments.CountAsync());
        });
    }

    [Fact]
    public async Task AnotherBrowserSubmittingTheSameCheckoutKey_SeesNothingOfTheFirstOrder()
    {
        // Found from outside: a form posted with another order's checkout key came back with a fresh
        // signed link to that order, so its email and address were one copied key away.
        var product = await Data.Product("IDEM-3").OnHand(10).SaveAsync();
        var key = Guid.NewGuid().ToString("N");
        var first = await Shopper.PlaceOrderAsync(key, [(product.Id, 1)], email: "victoria@example.com", name: "Victoria First", line1: "9 Private Lane");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var firstOrder = await App.WithDbAsync(db => db.Orders.AsNoTracking().SingleAsync());

        using var other = new ShopperSession(App);
        var replay = await other.PlaceOrderAsync(key, [(product.Id, 1)], email: "mallory@example.com", name: "Mallory Other", line1: "1 Other Road");

        var seen = new List<string> { await replay.Content.ReadAsStringAsync() };
        if (replay.Headers.Location is { } next)
        {
            seen.Add(next.ToString());
            seen.Add(await other.Client.GetStringAsync(next));
            // The token it was handed opens no other order either.
            var token = System.Web.HttpUtility.ParseQueryString(next.IsAbsoluteUri ? next.Query : "?" + next.OriginalString.Split('?').ElementAtOrDefault(1))["t"];
            var probe = await other.Client.GetAsync($"/Orders/{firstOrder.Number}?t={Uri.EscapeDataString(token ?? "")}");
            Assert.Equal(HttpStatusCode.NotFound, probe.StatusCode);
        }
        foreach (var text in seen)
        {
            Assert.DoesNotContain(firstOrder.Number, text, StringComparison.Ordinal);
            Assert.DoesNotContain("victoria@example.com", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Victoria First", text, StringComparison.Ordinal);
            Assert.DoesNotContain("9 Private Lane", text, StringComparison.Ordinal);
        }
        await App.WithDbAsync(async db =>
        {
            var orders = await db.Orders.AsNoTracking().OrderBy(o => o.Id).ToListAsync();
            // The other browser placed an order of its own; the first is as it was.
            Assert.Equal(["victoria@example.com", "mallory@example.com"], orders.Select(o => o.Email));
            Assert.Equal("9 Private Lane", orders[0].AddressLine1);
        });
    }
}

internal static class UriExtensions
{
    /// <summary>The path of a possibly relative redirect target.</summary>
    public static string AbsolutePath(this Uri uri) => uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?')[0];
}
