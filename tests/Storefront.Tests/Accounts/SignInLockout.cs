using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Identity;
using Storefront.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Storefront.Tests.Accounts;

/// <summary>
/// Sign-in under attack (ADR 0016): posts limited per client, wrong passwords counted per email and
/// client (and per email overall), unknown emails answered like known ones. The production limits,
/// stated here, rather than the test hosts' generous defaults.
/// </summary>
public sealed class SignInLockout(StorefrontHost host, ITestOutputHelper output) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    private const string Password = "Correct-Horse-42!";
    private StorefrontFactory _app = null!;

    public async Task InitializeAsync() =>
        _app = await host.AppForTestAsync(new StorefrontOptions
        {
            Settings = new Dictionary<string, string?>
            {
                ["RateLimits:SignIn:PermitLimit"] = "10",
                ["RateLimits:SignIn:Window"] = "00:01:00",
                ["RateLimits:SignInFailures:PermitLimit"] = "5",
                ["RateLimits:SignInFailures:Window"] = "00:15:00",
                ["RateLimits:AccountSignInFailures:PermitLimit"] = "20",
                ["RateLimits:AccountSignInFailures:Window"] = "00:15:00",
            },
        });

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccountSoEvenTheRightOneIsRefused()
    {
        await CreateAccountAsync("locked@example.com");
        using var attacker = new ShopperSession(_app);

        for (var i = 0; i < 5; i++)
        {
            var wrong = await SignInAsync(attacker, "locked@example.com", "wrong-" + i);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }
        var right = await SignInAsync(attacker, "locked@example.com", Password);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FortyQuickSignInPosts_FromOneClient_AreMostlyRefusedWith429AndRetryAfter()
    {
        // Before: all 40 were answered 200 in about 0.4 s, each one a password check.
        await CreateAccountAsync("target@example.com");
        using var attacker = new ShopperSession(_app);
        await attacker.TokenAsync();

        var watch = Stopwatch.StartNew();
        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => SignInAsync(attacker, "target@example.com", "guess-" + i)));
        watch.Stop();

        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        output.WriteLine($"40 posts in {watch.ElapsedMilliseconds} ms: {refused.Count} refused with 429");
        // Ten a minute; a window may roll over during the burst, so at most twenty get through.
        Assert.InRange(refused.Count, 20, 30);
        Assert.All(refused, r => Assert.InRange(int.Parse(r.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60));
        var page = await refused[0].Content.ReadAsStringAsync();
        Assert.Contains("Please wait a minute and try again", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnonymousFloodAgainstTheAdmin_DoesNotLockTheAdminOut()
    {
        // Before: five wrong passwords from anyone locked the admin out for 15 minutes.
        await CreateAccountAsync("owner@example.com", Roles.Admin);
        using var attacker = new ShopperSession(_app);
        await attacker.TokenAsync();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            answers.Add((await SignInAsync(attacker, "owner@example.com", "guess-" + i)).StatusCode);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, answers);
        var attackersRightGuess = await SignInAsync(attacker, "owner@example.com", Password);
        Assert.NotEqual(HttpStatusCode.Redirect, attackersRightGuess.StatusCode);

        using var owner = new ShopperSession(_app);
        owner.Client.DefaultRequestHeaders.Add(StorefrontFactory.ClientAddressHeader, "127.200.0.1");
        var signedIn = await SignInAsync(owner, "owner@example.com", Password);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        await using var scope = _app.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StorefrontUser>>();
        var account = await users.FindByEmailAsync("owner@example.com");
        Assert.Null(account!.LockoutEnd);
    }

    [Fact]
    public async Task GuessesSpreadOverManyClients_LockTheAccountForEveryone_UntilTheWindowEnds()
    {
        await CreateAccountAsync("spread@example.com");
        for (var client = 1; client <= 4; client++)
        {
            using var attacker = new ShopperSession(_app);
            attacker.Client.DefaultRequestHeaders.Add(StorefrontFactory.ClientAddressHeader, $"127.201.0.{client}");
            for (var i = 0; i < 5; i++)
            {
                await SignInAsync(attacker, "spread@example.com", $"guess-{client}-{i}");
            }
        }

        using var owner = new ShopperSession(_app);
        owner.Client.DefaultRequestHeaders.Add(StorefrontFactory.ClientAddressHeader, "127.202.0.1");
        var refused = await SignInAsync(owner, "spread@example.com", Password);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("locked", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownEmail_GetsTheSameAnswersAsAWrongPassword_AndTheSameLock()
    {
        await CreateAccountAsync("known@example.com");
        // Two visitors, so that neither reaches the per-client limit on posts (ten a minute).
        using var visitor = new ShopperSession(_app);
        using var other = new ShopperSession(_app);
        other.Client.DefaultRequestHeaders.Add(StorefrontFactory.ClientAddressHeader, "127.203.0.1");

        var known = new List<string>();
        var unknown = new List<string>();
        var knownTime = new List<double>();
        var unknownTime = new List<double>();
        for (var i = 0; i < 6; i++)
        {
            var watch = Stopwatch.StartNew();
            known.Add(ErrorOf(await (await SignInAsync(visitor, "known@example.com", "wrong-" + i)).Content.ReadAsStringAsync()));
            knownTime.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            unknown.Add(ErrorOf(await (await SignInAsync(other, "nobody@example.com", "wrong-" + i)).Content.ReadAsStringAsync()));
            unknownTime.Add(watch.Elapsed.TotalMilliseconds);
        }

        // Five wrong passwords, then the lock: the same words, in the same order, for both.
        Assert.Equal(known, unknown);
        Assert.Equal("That email and password don&#x27;t match an account.", known[0]);
        Assert.Contains("locked", known[5], StringComparison.Ordinal);
        output.WriteLine($"median ms: known {Median(knownTime):F1}, unknown {Median(unknownTime):F1}");
    }

    private static Task<HttpResponseMessage> SignInAsync(ShopperSession session, string email, string password) =>
        session.PostAsync("/Identity/Account/Login", [new("Input.Email", email), new("Input.Password", password)]);

    private static string ErrorOf(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, "validation-summary-errors[^>]*>\\s*<ul>\\s*<li>(.*?)</li>", System.Text.RegularExpressions.RegexOptions.Singleline);
        return match.Success ? match.Groups[1].Value : "(no error)";
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private async Task CreateAccountAsync(string email, string? role = null)
    {
        await using var scope = _app.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StorefrontUser>>();
        var user = new StorefrontUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        if (role is not null)
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
            await users.AddToRoleAsync(user, role);
        }
    }
}
