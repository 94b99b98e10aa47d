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
        await Shopper.TokenAsync();
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
}

internal static class UriExtensions
{
    /// <summary>The path of a possibly relative redirect target.</summary>
    public static string AbsolutePath(this Uri uri) => uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?')[0];
}
