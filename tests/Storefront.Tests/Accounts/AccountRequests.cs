using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Identity;
using Storefront.Core.Notifications;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Accounts;

/// <summary>
/// "Create an account" and "Forgot your password?" say the same to everyone; only the mailbox's owner
/// learns whether the address has an account. Links in those emails are on Store:BaseUrl, whatever
/// Host the request named (this host accepts any Host, as Development does, to prove it).
/// </summary>
public sealed partial class AccountRequests(StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    private const string BaseUrl = "https://shop.example";
    private StorefrontFactory _app = null!;

    public async Task InitializeAsync() =>
        _app = await host.AppForTestAsync(new StorefrontOptions
        {
            Settings = new Dictionary<string, string?>
            {
                ["Store:BaseUrl"] = BaseUrl,
                ["AllowedHosts"] = "*",
                ["RateLimits:Register:PermitLimit"] = "5",
                ["RateLimits:ForgotPassword:PermitLimit"] = "5",
            },
        });

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task RegisteringAnAddressThatHasAnAccount_GetsTheSameAnswerAsANewOne_AndChangesNothing()
    {
        // Before: the existing address got "Username 'taken@example.com' is already taken."
        await CreateAccountAsync("taken@example.com");
        using var visitor = new ShopperSession(_app);

        var forNew = await RegisterAsync(visitor, "new@example.com");
        var forTaken = await RegisterAsync(visitor, "taken@example.com");

        Assert.Equal(HttpStatusCode.Redirect, forNew.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, forTaken.StatusCode);
        Assert.Equal(forNew.Headers.Location, forTaken.Headers.Location);
        var answer = await visitor.Client.GetStringAsync(forNew.Headers.Location);
        Assert.Contains("Check your email", answer, StringComparison.Ordinal);
        // Neither request signed anyone in.
        Assert.DoesNotContain("Sign out", answer, StringComparison.Ordinal);

        var mail = await OutboxAsync();
        Assert.Equal(MessageKinds.AccountNew, mail.Single(m => m.Recipient == "new@example.com").Kind);
        Assert.Equal(MessageKinds.AccountExists, mail.Single(m => m.Recipient == "taken@example.com").Kind);
        await using var scope = _app.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StorefrontUser>>();
        Assert.True(await users.CheckPasswordAsync((await users.FindByEmailAsync("taken@example.com"))!, "Correct-Horse-42!"));
        Assert.Equal(2, await users.Users.CountAsync());
    }

    [Fact]
    public async Task ANewAccount_CanBeUsedOnlyAfterChoosingAPasswordFromTheEmailedLink()
    {
        using var visitor = new ShopperSession(_app);
        await RegisterAsync(visitor, "ada@example.com");
        var link = LinkIn((await OutboxAsync()).Single(m => m.Recipient == "ada@example.com").TextBody, "/Identity/Account/ResetPassword");

        var page = await visitor.Client.GetStringAsync(new Uri(link).PathAndQuery);
        var code = Regex.Match(page, "name=\"Input.Code\" value=\"([^\"]+)\"").Groups[1].Value;
        var chosen = await visitor.PostAsync("/Identity/Account/ResetPassword",
            [new("Input.Email", "ada@example.com"), new("Input.Password", "Brand-New-Pass-1"), new("Input.ConfirmPassword", "Brand-New-Pass-1"), new("Input.Code", WebUtility.HtmlDecode(code))]);
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);

        await visitor.SignInAsync("ada@example.com", "Brand-New-Pass-1");
    }

    [Fact]
    public async Task ForgotPassword_GetsTheSameAnswerForAnyAddress_AndEmailsOnlyAnAccountsOwner()
    {
        await CreateAccountAsync("known@example.com");
        using var visitor = new ShopperSession(_app);

        var forKnown = await visitor.PostAsync("/Identity/Account/ForgotPassword", [new("Input.Email", "known@example.com")]);
        var forUnknown = await visitor.PostAsync("/Identity/Account/ForgotPassword", [new("Input.Email", "nobody@example.com")]);

        Assert.Equal(HttpStatusCode.Redirect, forKnown.StatusCode);
        Assert.Equal(forKnown.Headers.Location, forUnknown.Headers.Location);
        var message = Assert.Single(await OutboxAsync());
        Assert.Equal(("known@example.com", MessageKinds.PasswordReset), (message.Recipient, message.Kind));
    }

    [Fact]
    public async Task AccountEmailLinks_PointAtTheStoreAddress_EvenWhenTheRequestForgedItsHost()
    {
        // Before: the reset link was built on the request's Host, so a forged Host sent the token to evil.example.
        await CreateAccountAsync("victim@example.com");
        using var attacker = new ShopperSession(_app);
        await attacker.TokenAsync();
        attacker.Client.DefaultRequestHeaders.Host = "evil.example";

        await attacker.PostAsync("/Identity/Account/ForgotPassword", [new("Input.Email", "victim@example.com")]);
        await RegisterAsync(attacker, "victim@example.com");
        await RegisterAsync(attacker, "fresh@example.com");

        var mail = await OutboxAsync();
        Assert.Equal(3, mail.Count);
        foreach (var message in mail)
        {
            Assert.DoesNotContain("evil.example", message.HtmlBody + message.TextBody, StringComparison.Ordinal);
            var links = LinkPattern().Matches(message.TextBody).Select(m => m.Value).ToList();
            Assert.NotEmpty(links);
            Assert.All(links, l => Assert.True(l == BaseUrl || l.StartsWith(BaseUrl + "/", StringComparison.Ordinal), l));
        }
    }

    [Fact]
    public async Task ASixthAccountRequestFromOneClient_IsRefusedWith429()
    {
        using var visitor = new ShopperSession(_app);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await RegisterAsync(visitor, $"fan{i}@example.com")).StatusCode);
        }
        var refused = await RegisterAsync(visitor, "fan5@example.com");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Contains("try again", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(await OutboxAsync(), m => m.Recipient == "fan5@example.com");
        // Reading the form is never counted.
        Assert.Equal(HttpStatusCode.OK, (await visitor.Client.GetAsync("/Identity/Account/Register")).StatusCode);
    }

    private static Task<HttpResponseMessage> RegisterAsync(ShopperSession session, string email) =>
        session.PostAsync("/Identity/Account/Register", [new("Input.Email", email)]);

    private Task<List<OutboxMessage>> OutboxAsync() => _app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync());

    private static string LinkIn(string text, string path) =>
        LinkPattern().Matches(text).Select(m => m.Value).Single(l => l.Contains(path, StringComparison.Ordinal));

    private async Task CreateAccountAsync(string email)
    {
        await using var scope = _app.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StorefrontUser>>();
        Assert.True((await users.CreateAsync(new StorefrontUser { UserName = email, Email = email, EmailConfirmed = true }, "Correct-Horse-42!")).Succeeded);
    }

    [GeneratedRegex(@"https?://[^\s""<>]+")]
    private static partial Regex LinkPattern();
}
