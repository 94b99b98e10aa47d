using System.Net;
using Storefront.Tests.Checkout;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Accounts;

public sealed class SignInLockout(StorefrontHost host) : CheckoutTestBase(host)
{
    [Fact]
    public async Task FiveWrongPasswords_LockTheAccountSoEvenTheRightOneIsRefused()
    {
        await Shopper.SignInAsNewUserAsync(App, "locked@example.com");
        using var attacker = new ShopperSession(App);

        for (var i = 0; i < 5; i++)
        {
            var wrong = await attacker.PostAsync("/Identity/Account/Login", [new("Input.Email", "locked@example.com"), new("Input.Password", "wrong-" + i)]);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }
        var right = await attacker.PostAsync("/Identity/Account/Login", [new("Input.Email", "locked@example.com"), new("Input.Password", "Correct-Horse-42!")]);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
