using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Identity;
using Xunit.Abstractions;

namespace Storefront.Tests.Fuzzing;

/// <summary>
/// Finds every form a shopper, a staff member or a visitor to the account pages can reach (by
/// following the store's own links from its front doors) and every JSON endpoint, then sends each
/// of them mutated input: wrong types, huge and negative numbers, very long text, right-to-left and
/// NUL characters, fields left out or repeated, checkboxes that are not booleans, other people's
/// ids. Forms are posted with their own valid antiforgery token, so the app's real handlers run.
/// The seed is fixed: a failure reproduces. It fails listing every request that got a 5xx (ADR 0013).
/// Payments run on the test gateway here, so the Stripe webhook answers 404 to everything;
/// <see cref="EveryWebhookEvent"/> fuzzes it with Stripe configured and valid signatures.
/// </summary>
public sealed partial class EveryFormAndEndpoint(StorefrontHost host, ITestOutputHelper output) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    private const int Seed = 20261201;
    private const int MutationsPerForm = 24;
    private const int MaxPagesPerShape = 2;
    private const int MaxPages = 160;
    private const string ApiKey = "fuzz-bootstrap-key-0123456789abcdef";

    private static readonly string[] Values =
    [
        "", " ", "abc", "-1", "0", "1", "2", "99", "100001", "99999999", "2147483647", "2147483648", "-2147483648", "-2147483649",
        "9223372036854775808", "1e308", "NaN", "-0", "0x10", "1.5", "1,5", "true", "false", "on", "yes", "True,False",
        "9999-12-31", "0001-01-01", "2027-02-30", "31/12/2027", "2027-13-01T25:61", "00000000-0000-0000-0000-000000000000",
        "a,b@example.com", "Ann <ann@example.com>", "x@", "\u0000", "a\u0000b", "\u202Eevil\u202C", "שלום עולם", "𝕌𝕟𝕚𝕔𝕠𝕕𝕖 🚚",
        "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd", "%00", "https://evil.example/", "//evil.example", "\r\nX-Injected: 1",
        new string('x', 5_000), new string('9', 400), string.Concat(Enumerable.Repeat("ü", 3_000)),
    ];

    private readonly Random _random = new(Seed);
    private readonly List<string> _failures = [];
    private readonly HashSet<string> _ids = ["1", "2", "3"];
    private readonly HashSet<string> _skus = [];
    private int _requests;
    private StorefrontFactory _app = null!;

    public async Task InitializeAsync() =>
        _app = await host.AppForTestAsync(new StorefrontOptions
        {
            SeedDemoData = true,
            Settings = new Dictionary<string, string?>
            {
                ["AdminApi:BootstrapKey"] = ApiKey,
                // The fuzzer is one visitor asking many times; the subscribe limit would only answer 429s.
                ["Notifications:BackInStockSubscribesPerMinute"] = "100000",
            },
        });

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task NoMutatedFormOrEndpointRequestGetsA5xx()
    {
        var watch = Stopwatch.StartNew();
        _skus.UnionWith(await _app.WithDbAsync(db => db.Products.Select(p => p.Sku).ToListAsync()));
        _ids.UnionWith((await _app.WithDbAsync(db => db.Orders.Select(o => o.Number).ToListAsync())).Take(10));

        using var visitor = new ShopperSession(_app);
        using var shopper = new ShopperSession(_app);
        await shopper.SignInAsNewUserAsync(_app, "fuzz.shopper@example.com");
        using var staff = new ShopperSession(_app);
        await staff.SignInAsNewUserAsync(_app, "fuzz.staff@example.com", Roles.Admin);

        // Something in each cart, so checkout shows its form.
        var productIds = await _app.WithDbAsync(db => db.Products.OrderBy(p => p.Id).Select(p => p.Id).Take(8).ToListAsync());
        foreach (var session in new[] { visitor, shopper })
        {
            foreach (var id in productIds.Take(3))
            {
                await session.AddToCartAsync(id.ToString(CultureInfo.InvariantCulture), "1");
            }
        }

        var forms = new List<(ShopperSession Session, string Who, Form Form)>();
        forms.AddRange((await CrawlAsync(visitor, ["/", "/Cart", "/Checkout", "/Identity/Account/Login", "/Identity/Account/Register",
            "/Identity/Account/ForgotPassword", "/Identity/Account/ResendEmailConfirmation"])).Select(f => (visitor, "visitor", f)));
        forms.AddRange((await CrawlAsync(shopper, ["/Orders", "/Checkout", "/Identity/Account/Manage"])).Select(f => (shopper, "shopper", f)));
        forms.AddRange((await CrawlAsync(staff, ["/Admin"])).Select(f => (staff, "staff", f)));
        output.WriteLine($"{forms.Count} forms found after {_requests} requests ({watch.Elapsed.TotalSeconds:F1} s)");

        // Signing out would end the session the other forms are posted from: it is fuzzed last.
        foreach (var (session, who, form) in forms.OrderBy(f => f.Form.Action.Contains("Logout", StringComparison.OrdinalIgnoreCase)))
        {
            await FuzzFormAsync(session, who, form);
        }
        output.WriteLine($"forms fuzzed: {_requests} requests ({watch.Elapsed.TotalSeconds:F1} s)");

        await FuzzFeedAsync(visitor);
        await FuzzInventoryApiAsync();
        await FuzzWebhookAsync(visitor);
        output.WriteLine($"{_requests} requests in {watch.Elapsed.TotalSeconds:F1} s, {_failures.Count} answered 5xx");

        Assert.True(_failures.Count == 0, $"{_failures.Count} of {_requests} requests got a 5xx:\n" + string.Join("\n", _failures.Distinct().Take(200)));
    }

    private sealed record Field(string Name, string Value, string Kind, IReadOnlyList<string> Options);

    private sealed record Form(string Page, string Method, string Action, IReadOnlyList<Field> Fields)
    {
        public string Shape => Method + " " + Regex.Replace(Action.Split('?')[0], "/[0-9A-Za-z-]*[0-9][0-9A-Za-z-]*", "/{id}") + "?" + HandlerOf(Action)
            + " " + string.Join(",", Fields.Select(f => f.Name).Order(StringComparer.Ordinal));

        private static string HandlerOf(string action) => Regex.Match(action, "handler=([^&]+)").Groups[1].Value;
    }

    private async Task<List<Form>> CrawlAsync(ShopperSession session, IEnumerable<string> seeds)
    {
        var queue = new Queue<string>(seeds);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var shapes = new Dictionary<string, int>(StringComparer.Ordinal);
        var forms = new Dictionary<string, Form>(StringComparer.Ordinal);
        var parser = new HtmlParser();
        while (queue.Count > 0 && seen.Count < MaxPages)
        {
            var url = queue.Dequeue();
            var shape = Regex.Replace(url.Split('?')[0], "/[0-9A-Za-z-]*[0-9][0-9A-Za-z-]*", "/{id}");
            if (!seen.Add(url) || (shapes[shape] = shapes.GetValueOrDefault(shape) + 1) > MaxPagesPerShape)
            {
                continue;
            }
            var response = await SendAsync(session.Client, new HttpRequestMessage(HttpMethod.Get, url), $"GET {url}");
            if (response is null || response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }
            var document = parser.ParseDocument(await response.Content.ReadAsStringAsync());
            foreach (var link in document.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!))
            {
                if (link.StartsWith('/') && !link.StartsWith("//", StringComparison.Ordinal) && !Regex.IsMatch(link, "^/(lib|css|js|media)/|Logout|\\.(css|js|svg|png|ico)$"))
                {
                    queue.Enqueue(WebUtility.HtmlDecode(link.Split('#')[0]));
                }
            }
            foreach (var element in document.QuerySelectorAll("form"))
            {
                var form = Parse(url, element);
                if (form is not null)
                {
                    forms.TryAdd(form.Shape, form);
                }
            }
            foreach (Match id in IdPattern().Matches(document.Body?.InnerHtml ?? ""))
            {
                _ids.Add(id.Groups[1].Value);
            }
        }
        return [.. forms.Values];
    }

    private static Form? Parse(string page, IElement form)
    {
        var method = (form.GetAttribute("method") ?? "get").ToUpperInvariant();
        var action = WebUtility.HtmlDecode(form.GetAttribute("action") ?? page);
        if (action.Length == 0)
        {
            action = page;
        }
        if (!action.StartsWith('/') || action.StartsWith("//", StringComparison.Ordinal))
        {
            return null;
        }
        var fields = new List<Field>();
        foreach (var input in form.QuerySelectorAll("input[name], select[name], textarea[name], button[name]"))
        {
            var name = input.GetAttribute("name")!;
            var kind = input.LocalName == "input" ? (input.GetAttribute("type") ?? "text").ToLowerInvariant() : input.LocalName;
            if (kind is "submit" or "button" or "image" or "reset" or "file")
            {
                continue;
            }
            var options = input.LocalName == "select" ? input.QuerySelectorAll("option").Select(o => o.GetAttribute("value") ?? o.TextContent).ToList() : [];
            var value = input.LocalName switch
            {
                "select" => input.QuerySelector("option[selected]")?.GetAttribute("value") ?? options.FirstOrDefault() ?? "",
                "textarea" => input.TextContent,
                _ => input.GetAttribute("value") ?? (kind == "checkbox" ? "on" : ""),
            };
            if (kind is "checkbox" or "radio" && !input.HasAttribute("checked"))
            {
                fields.Add(new Field(name, value, kind + "-unchecked", options));
                continue;
            }
            fields.Add(new Field(name, value, kind, options));
        }
        return new Form(page, method, action, fields);
    }

    private async Task FuzzFormAsync(ShopperSession session, string who, Form form)
    {
        // The untouched form first, as a browser would send it.
        await SubmitAsync(session, who, form, form.Fields.Where(f => !f.Kind.EndsWith("-unchecked", StringComparison.Ordinal))
            .Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList(), "as rendered");
        var mutable = form.Fields.Where(f => f.Name != "__RequestVerificationToken").ToList();
        for (var i = 0; i < MutationsPerForm; i++)
        {
            var fields = form.Fields.Where(f => !f.Kind.EndsWith("-unchecked", StringComparison.Ordinal) || _random.Next(2) == 0)
                .Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
            var notes = new List<string>();
            var changes = mutable.Count == 0 ? 0 : 1 + _random.Next(Math.Min(3, mutable.Count));
            for (var c = 0; c < changes; c++)
            {
                var target = mutable[_random.Next(mutable.Count)];
                switch (_random.Next(10))
                {
                    case 0:
                        fields.RemoveAll(f => f.Key == target.Name);
                        notes.Add($"{target.Name} left out");
                        break;
                    case 1:
                        var extra = Pick();
                        fields.Add(new(target.Name, extra));
                        notes.Add($"{target.Name} repeated with {Show(extra)}");
                        break;
                    case 2:
                        var id = _ids.ElementAt(_random.Next(_ids.Count));
                        Replace(fields, target.Name, id);
                        notes.Add($"{target.Name}={id} (another id)");
                        break;
                    default:
                        var value = Pick();
                        Replace(fields, target.Name, value);
                        notes.Add($"{target.Name}={Show(value)}");
                        break;
                }
            }
            if (_random.Next(8) == 0)
            {
                // A field the form never had, with an indexed name model binding will try to read.
                var stray = Pick();
                fields.Add(new("Input.Lines[" + _random.Next(-1, 2000) + "].Quantity", stray));
                notes.Add("stray line " + Show(stray));
            }
            await SubmitAsync(session, who, form, fields, string.Join("; ", notes));
        }
    }

    private async Task SubmitAsync(ShopperSession session, string who, Form form, List<KeyValuePair<string, string>> fields, string what)
    {
        HttpRequestMessage request;
        if (form.Method == "POST")
        {
            request = new HttpRequestMessage(HttpMethod.Post, form.Action) { Content = new FormUrlEncodedContent(fields) };
        }
        else
        {
            var query = string.Join("&", fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value)));
            request = new HttpRequestMessage(HttpMethod.Get, form.Action.Split('?')[0] + (query.Length > 0 ? "?" + query : ""));
        }
        await SendAsync(session.Client, request, $"{who} {form.Method} {form.Action} (form on {form.Page}): {what}");
    }

    private async Task FuzzFeedAsync(ShopperSession visitor)
    {
        string[] keys = ["page", "pageSize", "search", "category", "q", "p", "sort"];
        for (var i = 0; i < 90; i++)
        {
            var query = string.Join("&", Enumerable.Range(0, 1 + _random.Next(3))
                .Select(_ => keys[_random.Next(keys.Length)] + "=" + Uri.EscapeDataString(Pick())));
            var path = (i % 3) switch { 0 => "/api/products", 1 => "/", _ => "/Admin/Products" };
            await SendAsync(visitor.Client, new HttpRequestMessage(HttpMethod.Get, $"{path}?{query}"), $"GET {path}?{query}");
        }
        for (var i = 0; i < 30; i++)
        {
            var sku = i % 2 == 0 ? _skus.ElementAt(_random.Next(_skus.Count)) : PickForPath();
            var escaped = Uri.EscapeDataString(sku.Length == 0 ? "x" : sku);
            foreach (var url in new[] { $"/api/products/{escaped}", $"/media/products/{escaped}.svg", $"/products/{escaped}" })
            {
                await SendAsync(visitor.Client, new HttpRequestMessage(HttpMethod.Get, url), $"GET {url}");
            }
        }
    }

    private async Task FuzzInventoryApiAsync()
    {
        using var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        string[] actions = ["adjustments", "receipts", "restock-date"];
        string[] keys = ["quantity", "reason", "reference", "date", "note"];
        for (var i = 0; i < 300; i++)
        {
            var sku = _random.Next(6) == 0 ? PickForPath() : _skus.ElementAt(_random.Next(_skus.Count));
            var action = actions[_random.Next(actions.Length)];
            var body = JsonBody(keys);
            var url = $"/api/admin/products/{Uri.EscapeDataString(sku.Length == 0 ? "x" : sku)}/{action}";
            var method = action == "restock-date" ? HttpMethod.Put : HttpMethod.Post;
            await SendAsync(client, new HttpRequestMessage(method, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") }, $"{method} {url} {Show(body)}");
        }
        string[] deliveryKeys = ["sku", "quantity", "expectedDate", "supplier", "reference", "reason"];
        for (var i = 0; i < 100; i++)
        {
            var body = JsonBody(deliveryKeys);
            var (method, url) = i % 2 == 0 ? (HttpMethod.Post, "/api/admin/deliveries") : (HttpMethod.Put, $"/api/admin/deliveries/{_random.Next(-2, 50)}");
            await SendAsync(client, new HttpRequestMessage(method, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") }, $"{method} {url} {Show(body)}");
        }
        for (var i = 0; i < 20; i++)
        {
            var sku = Uri.EscapeDataString(PickForPath());
            await SendAsync(client, new HttpRequestMessage(HttpMethod.Get, $"/api/admin/deliveries?sku={sku}"), $"GET /api/admin/deliveries?sku={sku}");
            await SendAsync(client, new HttpRequestMessage(HttpMethod.Get, $"/api/admin/backorders?sku={sku}"), $"GET /api/admin/backorders?sku={sku}");
            await SendAsync(client, new HttpRequestMessage(HttpMethod.Get, $"/api/admin/products/{(sku.Length == 0 ? "x" : sku)}/stock"), $"GET stock of {sku}");
        }
    }

    private async Task FuzzWebhookAsync(ShopperSession visitor)
    {
        for (var i = 0; i < 40; i++)
        {
            var body = _random.Next(3) == 0 ? Pick() : JsonBody(["id", "type", "data", "object", "created"]);
            var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("Stripe-Signature", _random.Next(2) == 0 ? Pick() : "t=1,v1=" + new string('a', 64));
            await SendAsync(visitor.Client, request, $"POST /webhooks/stripe {Show(body)}");
        }
    }

    /// <summary>A JSON object with some of the keys, each a value of a random JSON type; now and then not JSON at all.</summary>
    private string JsonBody(string[] keys)
    {
        if (_random.Next(12) == 0)
        {
            return Pick();
        }
        var parts = keys.Where(_ => _random.Next(3) > 0).Select(k => $"\"{k}\":{JsonValue()}");
        return "{" + string.Join(",", parts) + "}";
    }

    private string JsonValue() => _random.Next(9) switch
    {
        0 => "null",
        1 => _random.Next(2) == 0 ? "true" : "false",
        2 => Pick() is var n && long.TryParse(n, CultureInfo.InvariantCulture, out _) ? n : "1e400",
        3 => "[1,2,3]",
        4 => "{\"nested\":{\"deeper\":[]}}",
        5 => "-2147483649",
        6 => "\"" + DateOnly.FromDateTime(DateTime.UtcNow).AddDays(_random.Next(-3, 30)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "\"",
        7 => _random.Next(-5, 50).ToString(CultureInfo.InvariantCulture),
        _ => System.Text.Json.JsonSerializer.Serialize(Pick()),
    };

    private async Task<HttpResponseMessage?> SendAsync(HttpClient client, HttpRequestMessage request, string description)
    {
        _requests++;
        try
        {
            var response = await client.SendAsync(request);
            if ((int)response.StatusCode >= 500)
            {
                _failures.Add($"{(int)response.StatusCode} ← {description}");
            }
            return response;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The in-memory test server rethrows what the app did not handle.
            _failures.Add($"threw {e.GetType().Name}: {e.Message.Split('\n')[0]} ← {description}");
            return null;
        }
    }

    private string Pick() => Values[_random.Next(Values.Length)];

    /// <summary>
    /// A value for a URL path segment: never one with NUL, which Kestrel refuses with a 400 before the
    /// app sees it, while the in-memory test server hands it on and throws.
    /// </summary>
    private string PickForPath()
    {
        var value = Pick();
        return value.Contains('\0', StringComparison.Ordinal) ? "nul" : value;
    }

    private static void Replace(List<KeyValuePair<string, string>> fields, string name, string value)
    {
        fields.RemoveAll(f => f.Key == name);
        fields.Add(new(name, value));
    }

    private static string Show(string value) =>
        (value.Length > 40 ? value[..40] + $"…({value.Length} chars)" : value).Replace("\0", "\\0", StringComparison.Ordinal).Replace("\r\n", "\\r\\n", StringComparison.Ordinal);

    /// <summary>Ids the pages show in hidden fields and links: fed back into other forms as "someone else's id".</summary>
    [GeneratedRegex("(?:name=\"[^\"]*[Ii]d\" value=\"|/)(\\d{1,9})(?:\"|/|\\?)")]
    private static partial Regex IdPattern();
}
