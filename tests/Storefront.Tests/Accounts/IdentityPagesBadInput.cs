using System.Net;
using Microsoft.EntityFrameworkCore;
using Storefront.Tests.Checkout;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Accounts;

/// <summary>The sign-in, register and account pages answer bad input with a message or a 400, never a 500.</summary>
public sealed class IdentityPagesBadInput(StorefrontHost host) : CheckoutTestBase(host)
{
    // Found from outside: "Remember me" posted as "abc" made the sign-in form's re-display throw: a 500.
    [Fact]
    public async Task SigningInWithARememberMeThatIsNotTrueOrFalse_ShowsTheFormAgainWithAMessage()
    {
        var response = await Shopper.PostAsync("/Identity/Account/Login",
            [new("Input.Email", "ann@example.com"), new("Input.Password", "whatever-1"), new("Input.RememberMe", "abc")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The value &#x27;abc&#x27; is not valid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // Found from outside: these stock pages threw when opened without a sign-in in progress, or with a damaged code.
    [Theory]
    [InlineData("/Identity/Account/LoginWith2fa", "sign-in step has expired")]
    [InlineData("/Identity/Account/LoginWith2fa?rememberMe=maybe", "sign-in step has expired")]
    [InlineData("/Identity/Account/LoginWithRecoveryCode", "sign-in step has expired")]
    [InlineData("/Identity/Account/ResetPassword?code=%25%25garbage", "link is incomplete or damaged")]
    [InlineData("/Identity/Account/ConfirmEmail?userId=nobody&code=***", "link is incomplete or damaged")]
    public async Task AStepOpenedOutOfTurnOrWithADamagedCode_Is400WithAnExplanation(string url, string explanation)
    {
        var response = await Shopper.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(explanation, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostingTheTwoFactorFormsWithoutASignInInProgress_Is400()
    {
        var code = await Shopper.PostAsync("/Identity/Account/LoginWith2fa", [new("Input.TwoFactorCode", "123456"), new("Input.RememberMachine", "nope")]);
        var recovery = await Shopper.PostAsync("/Identity/Account/LoginWithRecoveryCode", [new("Input.RecoveryCode", "abc")]);

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (code.StatusCode, recovery.StatusCode));
    }

    // Found by the fuzz test: deleting one's account with the password left empty threw inside the stock page: a 500.
    [Fact]
    public async Task DeletingTheAccountWithoutAPassword_Is400_AndDeletesNothing()
    {
        await Shopper.SignInAsNewUserAsync(App, "keeping@example.com");

        var response = await Shopper.PostAsync("/Identity/Account/Manage/DeletePersonalData", [new("Input.Password", "")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Enter your password to delete your account", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await App.WithDbAsync(db => db.Users.CountAsync()));
    }

    // Found from outside: signing out with returnUrl=https://evil.example threw inside LocalRedirect: a 500.
    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    public async Task SigningOutWithAnotherSitesReturnUrl_GoesHomeInstead(string returnUrl)
    {
        await Shopper.SignInAsNewUserAsync(App, "leaving@example.com");

        var response = await Shopper.PostAsync("/Identity/Account/Logout?returnUrl=" + Uri.EscapeDataString(returnUrl), []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task SigningOutWithALocalReturnUrl_GoesThere()
    {
        await Shopper.SignInAsNewUserAsync(App, "staying@example.com");

        var response = await Shopper.PostAsync("/Identity/Account/Logout?returnUrl=%2FCart", []);

        Assert.Equal("/Cart", response.Headers.Location!.ToString());
    }

    // Checkout refuses "a,b@example.com" (the mailer can't send to it); registering with it made an account nobody can email.
    [Theory]
    [InlineData("a,b@example.com")]
    [InlineData("Ann <ann@example.com>")]
    public async Task RegisteringWithAnAddressTheMailerCannotSendTo_IsRefusedWithAMessage(string email)
    {
        var response = await Shopper.PostAsync("/Identity/Account/Register",
            [new("Input.Email", email), new("Input.Password", "Correct-Horse-42!"), new("Input.ConfirmPassword", "Correct-Horse-42!")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        // Before, the only refusal was Identity's "Username 'a,b@example.com' is invalid, can only contain letters or digits."
        Assert.Contains("Enter one email address we can send to", html, StringComparison.Ordinal);
        Assert.Equal(0, await App.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task RegisteringWithAnOrdinaryAddress_StillWorks()
    {
        var response = await Shopper.PostAsync("/Identity/Account/Register",
            [new("Input.Email", "new.shopper@example.com"), new("Input.Password", "Correct-Horse-42!"), new("Input.ConfirmPassword", "Correct-Horse-42!")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, await App.WithDbAsync(db => db.Users.CountAsync()));
    }
}
