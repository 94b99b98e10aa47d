using System.Net;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.SelfService;

/// <summary>Every customer order route refuses anyone but the order's owner or the holder of its signed link.</summary>
public sealed class OrderPagesAccess(StorefrontHost host) : SelfServiceTestBase(host)
{
    private async Task<(string Number, int BackorderId)> SignedInOrderAsync()
    {
        var waiting = await Data.Product("ACC-1").Priced(4000).OutOfStock().Backorderable().WithDelivery(Today.AddDays(10), 5).SaveAsync();
        await Shopper.SignInAsNewUserAsync(App, "owner@example.com");
        var number = await PlaceAndPayAsync(Shopper, (waiting.Id, 2));
        return (number, (await BackorderAsync(number)).Id);
    }

    private static string[] Routes(string number, int backorderId) =>
    [
        $"/Orders/{number}",
        $"/Orders/{number}/Cancel/{backorderId}",
    ];

    [Fact]
    public async Task TheOwnerSeesTheOrderAndTheirListShowsOnlyTheirOrdersNewestFirst()
    {
        var (number, backorderId) = await SignedInOrderAsync();
        Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await PlaceAndPayAsync(Shopper, ((await Data.Product("ACC-2").OnHand(5).SaveAsync()).Id, 1));
        using var other = new ShopperSession(App);
        await other.SignInAsNewUserAsync(App, "other@example.com");
        var othersOrder = await PlaceAndPayAsync(other, ((await OrderAsync(number)).Lines[0].ProductId, 1));

        foreach (var route in Routes(number, backorderId))
        {
            Assert.Equal(HttpStatusCode.OK, (await Shopper.Client.GetAsync(route)).StatusCode);
        }
        var list = await Shopper.Client.GetStringAsync("/Orders");
        Assert.True(list.IndexOf(second, StringComparison.Ordinal) < list.IndexOf(number, StringComparison.Ordinal), "newest first");
        Assert.DoesNotContain(othersOrder, list, StringComparison.Ordinal);
        Assert.Contains(">Orders</a>", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherSignedInCustomerGets404OnEveryRouteAndChangesNothing()
    {
        var (number, backorderId) = await SignedInOrderAsync();
        using var other = new ShopperSession(App);
        await other.SignInAsNewUserAsync(App, "other@example.com");

        foreach (var route in Routes(number, backorderId))
        {
            var response = await other.Client.GetAsync(route);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain(number, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await PostCancelAsync(other, $"/Orders/{number}/Cancel/{backorderId}", 2)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/Orders/{number}?handler=RetryRefund", [new("backorderId", backorderId.ToString(System.Globalization.CultureInfo.InvariantCulture))])).StatusCode);
        // Someone else's valid link does not open this order either.
        var mine = await PlaceAndPayAsync(other, ((await OrderAsync(number)).Lines[0].ProductId, 1));
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync($"/Orders/{number}?t={Uri.EscapeDataString(TokenFor(mine))}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostCancelAsync(other, $"/Orders/{number}/Cancel/{backorderId}?t={Uri.EscapeDataString(TokenFor(mine))}", 2)).StatusCode);

        Assert.Empty(await RefundsAsync(number));
        Assert.Equal(Storefront.Core.Orders.BackorderStatus.Open, (await BackorderAsync(number)).Status);
    }

    [Fact]
    public async Task AGuestWithoutALinkOrWithATamperedOneGets404WithNoOrderData()
    {
        var (number, backorderId) = await SignedInOrderAsync();
        var token = TokenFor(number);
        var tampered = token[..^4] + (token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        using var guest = new ShopperSession(App);

        foreach (var route in Routes(number, backorderId))
        {
            foreach (var query in new[] { "", "?t=", "?t=not-a-token", "?t=" + Uri.EscapeDataString(tampered) })
            {
                var response = await guest.Client.GetAsync(route + query);
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                var html = await response.Content.ReadAsStringAsync();
                Assert.DoesNotContain(number, html, StringComparison.Ordinal);
                Assert.DoesNotContain("owner@example.com", html, StringComparison.Ordinal);
            }
        }
        Assert.Equal(HttpStatusCode.NotFound, (await PostCancelAsync(guest, $"/Orders/{number}/Cancel/{backorderId}?t={Uri.EscapeDataString(tampered)}", 2)).StatusCode);
        // Signed out, the list asks the shopper to sign in.
        var list = await guest.Client.GetAsync("/Orders");
        Assert.Equal(HttpStatusCode.Redirect, list.StatusCode);
        Assert.Contains("/Identity/Account/Login", list.Headers.Location!.ToString(), StringComparison.Ordinal);
        // With the right link, a guest gets in.
        Assert.Equal(HttpStatusCode.OK, (await guest.Client.GetAsync(GuestUrl(number))).StatusCode);
    }

    [Fact]
    public async Task AnExpiredLinkGets410AndAPageThatSaysSoWithoutOrderData()
    {
        var (number, backorderId) = await SignedInOrderAsync();
        var token = Uri.EscapeDataString(TokenFor(number));
        Clock.Advance(TimeSpan.FromDays(91));
        using var guest = new ShopperSession(App);

        foreach (var route in Routes(number, backorderId))
        {
            var response = await guest.Client.GetAsync($"{route}?t={token}");
            Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("This link has expired", html, StringComparison.Ordinal);
            Assert.DoesNotContain(number, html, StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.Gone, (await PostCancelAsync(guest, $"/Orders/{number}/Cancel/{backorderId}?t={token}", 2)).StatusCode);
        Assert.Empty(await RefundsAsync(number));
    }

    [Fact]
    public async Task BadIdsAre404NotErrorsAndPostsWithoutAntiforgeryAreRefused()
    {
        var (number, backorderId) = await SignedInOrderAsync();
        using var someoneElse = new ShopperSession(App);
        var otherProduct = await Data.Product("ACC-3").Priced(500).OutOfStock().Backorderable().WithDelivery(Today.AddDays(10), 5).SaveAsync();
        var otherNumber = await PlaceAndPayAsync(someoneElse, (otherProduct.Id, 1));
        var foreignBackorder = (await BackorderAsync(otherNumber)).Id;

        foreach (var route in new[]
        {
            "/Orders/NO-SUCH-ORDER", $"/Orders/{number}/Cancel/abc", $"/Orders/{number}/Cancel/999999",
            $"/Orders/{number}/Cancel/{foreignBackorder}", $"/Orders/{number}/Cancel/-1", "/Orders/" + new string('9', 300), "/Orders/%27%20OR%201%3D1",
        })
        {
            Assert.True(HttpStatusCode.NotFound == (await Shopper.Client.GetAsync(route)).StatusCode, route);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await PostCancelAsync(Shopper, $"/Orders/{number}/Cancel/{foreignBackorder}", 1)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Shopper.PostAsync($"/Orders/{number}?handler=RetryRefund", [new("backorderId", "999999")])).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await Shopper.PostAsync($"/Orders/{number}/Cancel/{backorderId}", [new("Input.Units", "2")], withToken: false)).StatusCode);
        Assert.Empty(await RefundsAsync(number));
        Assert.Empty(await RefundsAsync(otherNumber));
    }
}
