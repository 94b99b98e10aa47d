using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Catalog;

/// <summary>
/// What makes shopper pages quick to load and easy to find (ADR 0019): the trimmed Bootstrap stylesheet
/// and no Bootstrap or jQuery script, fingerprinted files cached for a year, pages compressed for guests
/// but not for a signed-in shopper, and a meta description on every shopper page.
/// </summary>
public sealed partial class PageDelivery(StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    private StorefrontFactory App { get; set; } = null!;
    private CatalogBuilder Data { get; set; } = null!;
    private HttpClient Client { get; set; } = null!;

    public async Task InitializeAsync()
    {
        // Outside a published build, MapStaticAssets serves the build's manifest and strips its caching
        // headers so that edited files show at once; this puts back the headers the published store sends.
        App = await host.AppForTestAsync(new StorefrontOptions
        {
            Settings = new Dictionary<string, string?> { ["EnableStaticAssetsDevelopmentCaching"] = "true" },
        });
        Data = App.Data();
        Client = App.CreateClient();
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ShopperPages_LoadTheTrimmedStylesheet_AndNoBootstrapOrJQueryScript()
    {
        await Data.Product("PD-1").Named("Tin Cup", "tin-cup").InStock().SaveAsync();

        foreach (var path in new[] { "/", "/products/tin-cup", "/Cart", "/Identity/Account/Login" })
        {
            var html = await Client.GetStringAsync(path);

            Assert.Matches(ShopStylesheet(), html);
            Assert.DoesNotContain("bootstrap.min.css", html, StringComparison.Ordinal);
            Assert.DoesNotContain("bootstrap.bundle", html, StringComparison.Ordinal);
            Assert.DoesNotContain("jquery", html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task TheShopStylesheet_IsFingerprinted_AndCachedForAYearAsImmutable()
    {
        var html = await Client.GetStringAsync("/");
        var href = ShopStylesheet().Match(html).Groups["href"].Value;

        using var response = await Client.GetAsync(href);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        var cacheControl = response.Headers.CacheControl;
        Assert.NotNull(cacheControl);
        Assert.Equal(TimeSpan.FromDays(365), cacheControl.MaxAge);
        Assert.Contains("immutable", cacheControl.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStaticFileByItsPlainName_IsRevalidated_NotKeptForAYear()
    {
        using var response = await Client.GetAsync("/css/bootstrap.shop.min.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoCache, response.Headers.CacheControl?.ToString());
        Assert.NotNull(response.Headers.ETag);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task AGuestsPage_IsCompressed_WhenTheBrowserAsks(string encoding)
    {
        await Data.Product("PD-2").Named("Tin Cup", "tin-cup").InStock().Described("A cup.").SaveAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/products/tin-cup");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var html = await DecompressAsync(response, encoding);
        Assert.Contains("<h1 class=\"h2 mb-1\">Tin Cup</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASignedInShoppersPage_IsNotCompressed()
    {
        using var shopper = new ShopperSession(App);
        await shopper.SignInAsNewUserAsync(App, "ada@example.com");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

        using var response = await shopper.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        // The page names the account: that is what must not go through a compressor next to the search box.
        Assert.Contains("ada@example.com", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryShopperPage_SaysWhatItIsInItsOwnMetaDescription()
    {
        var kitchen = await Data.CategoryAsync("Kitchen", "kitchen");
        var cup = await Data.Product("PD-3").Named("Tin Cup", "tin-cup").InCategory(kitchen).InStock().SaveAsync();
        using var shopper = new ShopperSession(App);
        await shopper.AddToCartAsync(cup.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "1");
        var pages = new[]
        {
            "/", "/?category=kitchen", "/?q=cup", "/products/tin-cup", "/Cart", "/Checkout", "/no-such-page",
            "/Identity/Account/Login", "/Identity/Account/Register", "/Identity/Account/ForgotPassword",
            "/Identity/Account/ForgotPasswordConfirmation", "/Identity/Account/RegisterConfirmation",
        };

        var descriptions = new Dictionary<string, string>();
        foreach (var path in pages)
        {
            using var response = await shopper.Client.GetAsync(path);
            var description = MetaDescription(await response.Content.ReadAsStringAsync());
            Assert.False(string.IsNullOrWhiteSpace(description), $"{path} has no meta description");
            Assert.True(description.Length <= 160, $"{path}: {description.Length} characters");
            descriptions[path] = description;
        }

        // Each page its own words (the two "check your email" pages say different things too).
        Assert.Equal(pages.Length, descriptions.Values.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("cup", descriptions["/?q=cup"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProductPage_IsDescribedByTheFirstParagraphOfItsDescription_CutAtAWord()
    {
        var first = "Hand-raised from a single sheet of tinplate, this cup keeps its shape on the campfire and " +
            "stacks neatly in a pack; the rolled rim stays cool enough to drink from, even with hot coffee inside.";
        await Data.Product("PD-4").Named("Tin Cup", "tin-cup").InStock()
            .Described(first + "\n\nWash by hand.").SaveAsync();

        var description = MetaDescription(await Client.GetStringAsync("/products/tin-cup"));

        Assert.True(description.Length <= 160, description);
        Assert.EndsWith("…", description, StringComparison.Ordinal);
        Assert.StartsWith(description.TrimEnd('…'), first, StringComparison.Ordinal);
        Assert.Equal(' ', first[description.Length - 1]);
        Assert.DoesNotContain("Wash", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProductWithoutADescription_IsDescribedByItsNameAndCategory()
    {
        var kitchen = await Data.CategoryAsync("Kitchen", "kitchen");
        await Data.Product("PD-5").Named("Tin Cup", "tin-cup").InCategory(kitchen).InStock().Described("").SaveAsync();

        var description = MetaDescription(await Client.GetStringAsync("/products/tin-cup"));

        Assert.Equal("Tin Cup in Kitchen: price, availability and when it ships.", description);
    }

    /// <summary>
    /// The trimmed stylesheet is generated (scripts/shop-css.sh): a shopper page that starts using a
    /// Bootstrap class must not find its rules missing because nobody ran the script again. Every
    /// Bootstrap selector whose classes (and attributes) the shopper views all use must be in it.
    /// </summary>
    [Fact]
    public void TheShopStylesheet_HasEveryBootstrapRuleTheShopperViewsUse()
    {
        var web = Path.Combine(RepositoryRoot(), "src", "Storefront.Web");
        var views = new[] { Path.Combine(web, "Pages"), Path.Combine(web, "Areas", "Identity") }
            .SelectMany(dir => Directory.EnumerateFiles(dir, "*.cshtml", SearchOption.AllDirectories))
            .Select(File.ReadAllText).ToList();
        // The classes in the views' class attributes, and the ones the header's menu script sets.
        var used = new HashSet<string>(["show", "collapsed"], StringComparer.Ordinal);
        var words = new HashSet<string>(StringComparer.Ordinal);
        var elements = new HashSet<string>(StringComparer.Ordinal);
        foreach (var view in views)
        {
            used.UnionWith(ClassAttribute().Matches(view).SelectMany(a => Word().Matches(a.Groups[1].Value)).Select(w => w.Value));
            words.UnionWith(Word().Matches(view).Select(w => w.Value));
            elements.UnionWith(Element().Matches(view).Select(m => m.Groups[1].Value));
        }
        var shop = Selectors(File.ReadAllText(Path.Combine(web, "wwwroot", "css", "bootstrap.shop.min.css"))).ToHashSet(StringComparer.Ordinal);

        var required = Selectors(File.ReadAllText(Path.Combine(web, "wwwroot", "lib", "bootstrap", "dist", "css", "bootstrap.min.css")))
            .Where(selector =>
            {
                var classes = ClassInSelector().Matches(selector).Select(m => m.Groups[1].Value).ToList();
                // What is left without classes, attributes and pseudo-classes are element names.
                var bare = NotAnElement().Replace(selector, " ");
                return classes.Count > 0 && classes.All(used.Contains)
                    && AttributeInSelector().Matches(selector).All(m => words.Contains(m.Groups[1].Value))
                    && Word().Matches(bare).All(m => elements.Contains(m.Value));
            })
            .Distinct(StringComparer.Ordinal).ToList();
        var missing = required.Where(selector => !shop.Contains(selector)).ToList();

        Assert.True(required.Count > 200, $"only {required.Count} Bootstrap selectors match the shopper views");
        Assert.True(missing.Count == 0, "Run scripts/shop-css.sh; missing from bootstrap.shop.min.css:\n" + string.Join("\n", missing.Take(40)));
    }

    /// <summary>Each selector of each rule (at-rules' own preludes are not selectors and are left out).</summary>
    private static IEnumerable<string> Selectors(string css) =>
        Rule().Matches(Comment().Replace(css, ""))
            .Select(m => m.Groups[1].Value.Trim())
            .Where(list => !list.StartsWith('@') && !KeyframeStep().IsMatch(list))
            .SelectMany(list => list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Storefront.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Storefront.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"/\*[\s\S]*?\*/")]
    private static partial Regex Comment();

    [GeneratedRegex(@"([^{}]+)\{[^{}]*\}")]
    private static partial Regex Rule();

    [GeneratedRegex(@"^(from|to|[\d.]+%)$")]
    private static partial Regex KeyframeStep();

    [GeneratedRegex(@"\.([A-Za-z_][A-Za-z0-9_-]*)")]
    private static partial Regex ClassInSelector();

    [GeneratedRegex(@"\[([A-Za-z_][A-Za-z0-9_-]*)")]
    private static partial Regex AttributeInSelector();

    [GeneratedRegex(@"\.[A-Za-z0-9_-]+|\[[^\]]*\]|::?[A-Za-z-]+(\([^)]*\))?|\*")]
    private static partial Regex NotAnElement();

    [GeneratedRegex(@"<([a-z][a-z0-9]*)")]
    private static partial Regex Element();

    [GeneratedRegex(@"\bclass=""([^""]*(?:""[^""]*""[^""]*)*?)""(?=[\s/>])")]
    private static partial Regex ClassAttribute();

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_-]*")]
    private static partial Regex Word();

    private static string MetaDescription(string html) =>
        new HtmlParser().ParseDocument(html).QuerySelector("head meta[name=description]")?.GetAttribute("content") ?? "";

    private static async Task<string> DecompressAsync(HttpResponseMessage response, string encoding)
    {
        await using var body = await response.Content.ReadAsStreamAsync();
        await using Stream decoder = encoding == "br"
            ? new BrotliStream(body, CompressionMode.Decompress)
            : new GZipStream(body, CompressionMode.Decompress);
        using var reader = new StreamReader(decoder);
        return await reader.ReadToEndAsync();
    }

    [GeneratedRegex(@"<link rel=""stylesheet"" href=""(?<href>/css/bootstrap\.shop\.min\.[a-z0-9]+\.css)"" />")]
    private static partial Regex ShopStylesheet();
}
