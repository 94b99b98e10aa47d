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
    public async Task ACartCookieWithABareOrAlteredCartId_ReadsAndChangesNoCart()
    {
        // Found from outside: the cart cookie was the bare cart id, so whoever held it read and changed that cart.
        var product = await Data.Product("CART-OWN").Named("Private Brass Lamp").OnHand(10).SaveAsync();
        var added = await Shopper.AddToCartAsync(Id(product.Id), "2");
        var cookie = added.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("storefront.cart=", StringComparison.Ordinal));
        var issued = cookie.Split(';')[0]["storefront.cart=".Length..];
        var cartId = await App.WithDbAsync(db => db.Carts.AsNoTracking().Select(c => c.Id).SingleAsync());
        Assert.DoesNotContain(cartId.ToString("N"), issued, StringComparison.OrdinalIgnoreCase);

        async Task<string> CartWithCookieAsync(string value)
        {
            using var client = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
            using var request = new HttpRequestMessage(HttpMethod.Get, "/Cart");
            request.Headers.Add("Cookie", "storefront.cart=" + value);
            using var response = await client.SendAsync(request);
            return await response.Content.ReadAsStringAsync();
        }
        // The cookie the store issued opens the cart (so the checks below can fail) ...
        Assert.Contains("Private Brass Lamp", await CartWithCookieAsync(issued), StringComparison.Ordinal);
        // ... a bare id, in either spelling, or an altered cookie does not.
        var tampered = issued[..^3] + (issued[^3] == 'A' ? "B" : "A") + issued[^2..];
        foreach (var forged in new[] { cartId.ToString("N"), cartId.ToString(), tampered })
        {
            Assert.DoesNotContain("Private Brass Lamp", await CartWithCookieAsync(forged), StringComparison.Ordinal);
        }

        // Adding with a forged cookie fills a fresh cart, not the one it names.
        using (var client = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false }))
        {
            using var login = await client.GetAsync("/Identity/Account/Login");
            var antiforgery = login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
            var token = System.Text.RegularExpressions.Regex.Match(await login.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/Cart?handler=Add")
            {
                Content = new FormUrlEncodedContent([new("productId", Id(product.Id)), new("quantity", "5"), new("__RequestVerificationToken", token)]),
            };
            request.Headers.Add("Cookie", $"{antiforgery}; storefront.cart={cartId:N}");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
        await App.WithDbAsync(async db =>
        {
            Assert.Equal(2, (await db.CartItems.SingleAsync(i => i.CartId == cartId)).Quantity);
            Assert.Equal(2, await db.Carts.CountAsync());
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
