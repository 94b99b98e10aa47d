using System.Net;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Security;

/// <summary>
/// The store as it runs outside Development with nothing but Store:BaseUrl set: only its own host name
/// is served, http is redirected to https, https answers carry HSTS, and every cookie is Secure.
/// </summary>
public sealed class ProductionTransport(StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    private StorefrontFactory _app = null!;

    public async Task InitializeAsync() =>
        _app = await host.AppForTestAsync(new StorefrontOptions
        {
            Environment = "Production",
            Settings = new Dictionary<string, string?>
            {
                ["Store:BaseUrl"] = "https://shop.example",
                // The production defaults, not the test hosts' plain-http ones.
                ["AllowedHosts"] = "",
                ["Security:RequireHttps"] = "",
                ["https_port"] = "443",
            },
        });

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ARequestNamingAnotherHost_IsRefusedWith400()
    {
        // Before: AllowedHosts was "*", so any Host was served (and links could be built on it).
        using var client = Client("https://shop.example");

        var own = await client.GetAsync("/");
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/");
        forged.Headers.Host = "evil.example";
        var foreign = await client.SendAsync(forged);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
    }

    [Fact]
    public async Task PlainHttp_IsRedirectedToHttps_AndHttpsAnswersCarryHsts()
    {
        using var http = Client("http://shop.example");
        using var https = Client("https://shop.example");

        var redirected = await http.GetAsync("/products?page=2");
        var secure = await https.GetAsync("/");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirected.StatusCode);
        Assert.Equal("https://shop.example/products?page=2", redirected.Headers.Location!.ToString());
        Assert.StartsWith("max-age=31536000", secure.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryCookieTheStoreSets_IsSecureAndHttpOnly()
    {
        // Before: the antiforgery, sign-in and cart cookies went out without Secure.
        var product = await _app.Data().Product("SEC-1").InStock().SaveAsync();
        using var client = Client("https://shop.example");

        var login = await client.GetAsync("/Identity/Account/Login");
        var html = await login.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var cart = await client.PostAsync("/Cart?handler=Add", new FormUrlEncodedContent(
            [new("productId", product.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("quantity", "1"), new("__RequestVerificationToken", token)]));

        var cookies = SetCookies(login).Concat(SetCookies(cart)).ToList();
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.True(cookies.Count >= 2, string.Join(" | ", cookies));
        Assert.All(cookies, c =>
        {
            Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; httponly", c, StringComparison.OrdinalIgnoreCase);
        });
    }

    private HttpClient Client(string baseAddress)
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri(baseAddress) });
        return client;
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
}
