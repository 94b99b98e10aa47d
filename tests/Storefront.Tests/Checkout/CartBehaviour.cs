using System.Net;
using Microsoft.EntityFrameworkCore;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Checkout;

public sealed class CartBehaviour(StorefrontHost host) : CheckoutTestBase(host)
{
    private static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task TheCartShowsHowManyAreInStockAndHowManyAreBackorderedWithTheEta()
    {
        var product = await Data.Product("CART-1").OnHand(2).Backorderable().WithDelivery(Today.AddDays(8), 10).SaveAsync();

        await Shopper.AddToCartAsync(Id(product.Id), "5");
        var cart = await Shopper.Client.GetStringAsync("/Cart");

        // Not "2 ship now": whether they do is the shopper's choice at checkout (ship together holds them).
        Assert.Contains("2 in stock", cart, StringComparison.Ordinal);
        Assert.DoesNotContain("ship now", cart, StringComparison.Ordinal);
        Assert.Contains("3 on backorder &#x2014; ships by 11 March 2027", cart, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenAvailabilityChangesAfterAdding_TheCartSaysSoPlainly()
    {
        var product = await Data.Product("CART-2").OnHand(3).Backorderable().RestockExpected(Today.AddDays(20)).SaveAsync();
        await Shopper.AddToCartAsync(Id(product.Id), "2");
        Assert.DoesNotContain("Availability changed", await Shopper.Client.GetStringAsync("/Cart"), StringComparison.Ordinal);

        // Another shopper buys the shelf empty.
        using var other = new ShopperSession(App);
        var placed = await other.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(product.Id, 3)]);
        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);

        var cart = await Shopper.Client.GetStringAsync("/Cart");
        Assert.Contains("Availability changed since you added this", cart, StringComparison.Ordinal);
        Assert.Contains("2 on backorder", cart, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGuestCartIsMergedIntoTheAccountCartAtSignIn()
    {
        var a = await Data.Product("MERGE-A").OnHand(10).SaveAsync();
        var b = await Data.Product("MERGE-B").OnHand(10).SaveAsync();
        // The account already has one of A from an earlier visit.
        using (var earlier = new ShopperSession(App))
        {
            await earlier.SignInAsNewUserAsync(App, "merge@example.com");
            await earlier.AddToCartAsync(Id(a.Id), "1");
        }

        await Shopper.AddToCartAsync(Id(a.Id), "2");
        await Shopper.AddToCartAsync(Id(b.Id), "1");
        await Shopper.SignInAsync("merge@example.com", "Correct-Horse-42!");
        var cart = await Shopper.Client.GetStringAsync("/Cart");

        Assert.Contains("MERGE-A", cart, StringComparison.Ordinal);
        Assert.Contains("MERGE-B", cart, StringComparison.Ordinal);
        await App.WithDbAsync(async db =>
        {
            var carts = await db.Carts.Include(c => c.Items).ToListAsync();
            var account = Assert.Single(carts);
            Assert.NotNull(account.UserId);
            Assert.Equal(3, account.Items.Single(i => i.ProductId == a.Id).Quantity);
            Assert.Equal(1, account.Items.Single(i => i.ProductId == b.Id).Quantity);
        });
    }

    [Fact]
    public async Task ChangingAQuantityBeyondWhatCanBeBought_IsRefusedWithTheLimit()
    {
        var product = await Data.Product("CART-3").OnHand(4).NotBackorderable().SaveAsync();
        await Shopper.AddToCartAsync(Id(product.Id), "1");

        await Shopper.PostAsync("/Cart?handler=Update", [new("productId", Id(product.Id)), new("quantity", "9")]);
        var cart = await Shopper.Client.GetStringAsync("/Cart");

        Assert.Contains("at most 4", cart, StringComparison.Ordinal);
        await App.WithDbAsync(async db => Assert.Equal(1, (await db.CartItems.SingleAsync()).Quantity));
    }
}
