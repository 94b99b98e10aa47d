using System.Net;
using System.Text.RegularExpressions;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Security;

/// <summary>
/// The security headers on every response, pages and static files alike (before, only a response that
/// issued an antiforgery token carried X-Frame-Options, and nothing else was sent), and no caching of
/// private pages.
/// </summary>
public sealed partial class ResponseHeaders(StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    private StorefrontFactory _app = null!;

    public async Task InitializeAsync() => _app = await host.AppForTestAsync(new StorefrontOptions());

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("/")]
    [InlineData("/products/tin-cup")]
    [InlineData("/Cart")]
    [InlineData("/Identity/Account/Login")]
    [InlineData("/Admin")]
    [InlineData("/no-such-page")]
    [InlineData("/api/products")]
    [InlineData("/css/site.css")]
    [InlineData("/js/site.js")]
    [InlineData("/health")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        await _app.Data().Product("HDR-1").Named("Tin Cup", "tin-cup").InStock().SaveAsync();
        using var client = _app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync(path);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
    }

    [Theory]
    [InlineData("/Cart")]
    [InlineData("/Checkout")]
    [InlineData("/Orders")]
    [InlineData("/Orders/NOPE-1?t=x")]
    [InlineData("/Identity/Account/Login")]
    [InlineData("/Admin")]
    [InlineData("/api/admin/backorders")]
    public async Task PrivatePages_AreNeverStored(string path)
    {
        using var client = _app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync(path);

        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCatalog_MayBeCachedByTheBrowserAsBefore()
    {
        using var client = _app.CreateClient();

        var response = await client.GetAsync("/");

        Assert.DoesNotContain("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
    }

    /// <summary>
    /// The policy allows no inline script and no inline style, so no view may have one: a script block
    /// without src, an on…= handler, a javascript: link or a style attribute. (The email preview's
    /// sandboxed frame is the one page allowed inline styles, for the emails' own markup.)
    /// </summary>
    [Fact]
    public void NoView_HasInlineScriptOrStyle()
    {
        var web = Path.Combine(RepositoryRoot(), "src", "Storefront.Web");
        var offences = new List<string>();
        foreach (var file in Directory.EnumerateFiles(web, "*.cshtml", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in InlineCode().Matches(text))
            {
                offences.Add($"{Path.GetRelativePath(web, file)}: {m.Value}");
            }
        }
        Assert.Empty(offences);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : $"(no {name} header)";

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Storefront.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Storefront.sln not found above " + AppContext.BaseDirectory);
    }

    // A JSON-LD data block (type="application/ld+json") is data, never run: the policy does not apply to it.
    [GeneratedRegex(@"<script(?![^>]*\b(?:src=|type=""application/ld\+json""))[^>]*>|\son[a-z]+\s*=\s*[""']|javascript:|\sstyle\s*=\s*[""']", RegexOptions.IgnoreCase)]
    private static partial Regex InlineCode();
}
