using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Identity;
using Storefront.Core.Notifications;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.SelfService;

/// <summary>
/// "Find your order": a guest's email and order number get the order's signed link emailed to the
/// order's address; every well-formed request gets the same answer, so nobody learns which orders exist.
/// Guest orders join an account once its owner proves the same address; "Your orders" says what still waits.
/// </summary>
public sealed partial class FindMyOrder(StorefrontHost host) : SelfServiceTestBase(host)
{
    private Task<List<OutboxMessage>> OrderLinksAsync() =>
        App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Kind == MessageKinds.OrderLink).OrderBy(m => m.Id).ToListAsync());

    private static Task<HttpResponseMessage> FindAsync(ShopperSession session, string email, string number) =>
        session.PostAsync("/Orders/Find", [new("Input.Email", email), new("Input.Number", number)]);

    private static string Text(string html) =>
        string.Join(' ', (new HtmlParser().ParseDocument(html).QuerySelector("main")?.TextContent ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private async Task<string> GuestOrderAsync(string email = "shopper@example.com", bool backordered = false)
    {
        var product = backordered
            ? await Data.Product("FIND-BO").Named("Oak stool").OutOfStock().Backorderable().WithDelivery(Today.AddDays(10), 5).SaveAsync()
            : await Data.Product("FIND-1").OnHand(5).SaveAsync();
        using var guest = new ShopperSession(App);
        var placed = await guest.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(product.Id, 1)], email: email);
        var paid = await guest.PayAsync(placed, "4242424242424242");
        return Uri.UnescapeDataString(paid.Headers.Location!.ToString()["/Checkout/Confirmation/".Length..].Split('?')[0]);
    }

    [Fact]
    public async Task KnownAndUnknownOrders_GetTheSameAnswer_AndOnlyTheKnownOneEmailsItsLink()
    {
        var number = await GuestOrderAsync();
        using var visitor = new ShopperSession(App);

        var answers = new List<string>();
        foreach (var (email, typed) in new[] { ("Shopper@Example.com ", number.ToLowerInvariant()), ("stranger@example.com", number), ("shopper@example.com", "SF-ZZZZZZZZ") })
        {
            var response = await FindAsync(visitor, email, typed);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/Orders/Find", response.Headers.Location?.ToString());
            answers.Add(Text(await visitor.Client.GetStringAsync("/Orders/Find")));
        }
        Assert.Single(answers.Distinct());
        Assert.Contains("we've emailed the address a link to the order", answers[0], StringComparison.Ordinal);
        Assert.DoesNotContain(number, answers[0], StringComparison.Ordinal);

        var mail = Assert.Single(await OrderLinksAsync());
        Assert.Equal("shopper@example.com", mail.Recipient);
        var link = LinkPattern().Matches(mail.TextBody).Select(m => m.Value).Single(l => l.Contains("/Orders/" + number, StringComparison.Ordinal));
        using var stranger = new ShopperSession(App);
        var opened = await stranger.Client.GetAsync(new Uri(link).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Contains(number, await opened.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "SF-ABCDEFGH", "Enter the email address you ordered with.")]
    [InlineData("not-an-email", "SF-ABCDEFGH", "Enter a valid email address")]
    [InlineData("a@example.com", "", "Enter your order number")]
    [InlineData("a@example.com", "SF-ABCDEFGHSF-ABCDEFGHSF-ABCDEFGHSF-ABCDEFGH", "Enter your order number")]
    public async Task BadInput_GetsItsMessageAndSendsNothing(string email, string number, string message)
    {
        await GuestOrderAsync();
        using var visitor = new ShopperSession(App);

        var response = await FindAsync(visitor, email, number);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await OrderLinksAsync());
    }

    [Fact]
    public async Task GuestOrders_JoinTheAccountOnceItsOwnerChoosesAPasswordFromTheEmailedLink()
    {
        var number = await GuestOrderAsync("ada@example.com", backordered: true);
        using var visitor = new ShopperSession(App);
        await visitor.PostAsync("/Identity/Account/Register", [new("Input.Email", "ada@example.com")]);
        var mail = await App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Kind == MessageKinds.AccountNew));
        var link = LinkPattern().Matches(mail.TextBody).Select(m => m.Value).Single(l => l.Contains("/Identity/Account/ResetPassword", StringComparison.Ordinal));
        var form = await visitor.Client.GetStringAsync(new Uri(link).PathAndQuery);
        var code = WebUtility.HtmlDecode(Regex.Match(form, "name=\"Input.Code\" value=\"([^\"]+)\"").Groups[1].Value);

        // Before choosing a password the account has no orders: naming an address proves nothing.
        await using (var scope = App.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StorefrontUser>>();
            Assert.False((await users.FindByEmailAsync("ada@example.com"))!.EmailConfirmed);
        }
        Assert.Null((await OrderAsync(number)).UserId);

        var chosen = await visitor.PostAsync("/Identity/Account/ResetPassword",
            [new("Input.Email", "ada@example.com"), new("Input.Password", "Brand-New-Pass-1"), new("Input.ConfirmPassword", "Brand-New-Pass-1"), new("Input.Code", code)]);
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        await visitor.SignInAsync("ada@example.com", "Brand-New-Pass-1");

        var list = Text(await visitor.Client.GetStringAsync("/Orders"));
        Assert.Contains("Order " + number, list, StringComparison.Ordinal);
        Assert.Contains("Paid", list, StringComparison.Ordinal);
        Assert.Contains("Oak stool: 1 backordered — ships by 13 March 2027", list, StringComparison.Ordinal);
        Assert.Contains("$", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAccountWhoseAddressIsNotConfirmed_DoesNotGetTheGuestOrdersPlacedWithIt()
    {
        var number = await GuestOrderAsync("eve@example.com");
        await using (var scope = App.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StorefrontUser>>();
            Assert.True((await users.CreateAsync(new StorefrontUser { UserName = "eve@example.com", Email = "eve@example.com", EmailConfirmed = false }, "Correct-Horse-42!")).Succeeded);
        }
        using var eve = new ShopperSession(App);
        await eve.SignInAsync("eve@example.com", "Correct-Horse-42!");

        Assert.DoesNotContain(number, await eve.Client.GetStringAsync("/Orders"), StringComparison.Ordinal);
        Assert.Null((await OrderAsync(number)).UserId);
    }

    [Fact]
    public async Task AConfirmedAccount_GetsGuestOrdersPlacedWithItsAddressAtTheNextSignIn()
    {
        var number = await GuestOrderAsync("bo@example.com");
        await Shopper.SignInAsNewUserAsync(App, "bo@example.com");

        Assert.Contains(number, await Shopper.Client.GetStringAsync("/Orders"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePasswordPage_ShowsTheRulesTheServerEnforces()
    {
        await using (var scope = App.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StorefrontUser>>();
            Assert.True((await users.CreateAsync(new StorefrontUser { UserName = "cy@example.com", Email = "cy@example.com" })).Succeeded);
        }
        using var visitor = new ShopperSession(App);
        var form = await visitor.Client.GetStringAsync("/Identity/Account/ResetPassword?code=abc");
        var rules = new HtmlParser().ParseDocument(form).QuerySelector("[data-testid=password-rules]")!.TextContent;
        var options = App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityOptions>>().Value.Password;

        Assert.Equal(Storefront.Web.Areas.Identity.PasswordRules.Describe(options), rules);
        Assert.StartsWith($"At least {options.RequiredLength} characters", rules, StringComparison.Ordinal);
        Assert.Equal(8, options.RequiredLength);
        Assert.Contains("minlength=\"8\"", form, StringComparison.Ordinal);
        Assert.DoesNotContain("6 characters", form, StringComparison.Ordinal);
        Assert.DoesNotContain("external", form, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"https?://[^\s""<>]+")]
    private static partial Regex LinkPattern();
}

/// <summary>"Find your order" posts are limited per client: guessing order numbers is slow.</summary>
public sealed class FindMyOrderLimit(StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    private StorefrontFactory _app = null!;

    public async Task InitializeAsync() =>
        _app = await host.AppForTestAsync(new StorefrontOptions { Settings = new Dictionary<string, string?> { ["RateLimits:FindOrder:PermitLimit"] = "3" } });

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AfterTheLimit_AClientIsRefusedWith429()
    {
        using var visitor = new ShopperSession(_app);
        for (var i = 0; i < 3; i++)
        {
            var allowed = await visitor.PostAsync("/Orders/Find", [new("Input.Email", "a@example.com"), new("Input.Number", $"SF-AAAAAAA{i}")]);
            Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
        }

        var refused = await visitor.PostAsync("/Orders/Find", [new("Input.Email", "a@example.com"), new("Input.Number", "SF-AAAAAAA9")]);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visitor.Client.GetAsync("/Orders/Find")).StatusCode);
    }
}
