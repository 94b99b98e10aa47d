using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Storefront.Bench.Checkout;
using Storefront.Core.Catalog;
using Storefront.Core.Data;
using Storefront.Core.Inventory;

// Usage: Storefront.Bench.Checkout <base-url> <sqlite|postgresql> <connection-string> <throughput|contention|launch> [clients] [orders-per-client | on-hand cap]
// Seeds its own products straight into the store's database (the store has already migrated it),
// then checks out through the store's HTTP pipeline exactly as a browser would: antiforgery token,
// POST /Checkout with the posted lines, POST the test gateway's payment page.
// Every shopper is its own client address (X-Forwarded-For from loopback, which the bench store
// trusts), as shoppers on launch day are. Prints one "RESULT key=value ..." line for the scripts.
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: Storefront.Bench.Checkout <base-url> <sqlite|postgresql> <connection-string> <throughput|contention|launch> [clients] [orders-per-client | on-hand cap]");
    return 2;
}
var baseUrl = new Uri(args[0]);
if (!IPAddress.TryParse(baseUrl.Host, out var ip) || !IPAddress.IsLoopback(ip))
{
    // A load generator pointed somewhere else by mistake is a denial of service; loopback only.
    Console.Error.WriteLine("The store must be on a loopback address (127.0.0.1).");
    return 2;
}
var options = new DbContextOptionsBuilder<StorefrontDbContext>();
_ = args[1].ToLowerInvariant() switch
{
    "sqlite" => options.UseSqlite(args[2]),
    "postgresql" => options.UseNpgsql(args[2]),
    _ => throw new ArgumentException("provider must be sqlite or postgresql"),
};
var scenario = args[3];
var clients = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 16;
var perClient = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 50;

await using var db = new StorefrontDbContext(options.Options);
switch (scenario)
{
    case "throughput":
        return await ThroughputAsync(db, baseUrl, clients, perClient);
    case "contention":
        return await ContentionAsync(db, baseUrl, clients);
    case "launch":
        return await Launch.RunAsync(db, baseUrl, clients,
            onHand: args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 100,
            cap: args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 600);
    default:
        Console.Error.WriteLine("scenario must be throughput, contention or launch");
        return 2;
}

// Many shoppers, each placing and paying for orders one after another. Twenty in-stock products,
// round-robin, so the figure is the pipeline's and not one stock row's.
static async Task<int> ThroughputAsync(StorefrontDbContext db, Uri baseUrl, int clients, int perClient)
{
    var products = new List<(int Id, string Slug)>();
    for (var i = 1; i <= 20; i++)
    {
        products.Add(await Seed.ProductAsync(db, $"BENCH-T-{i:D3}", onHand: 1_000_000, backorderLimit: null));
    }
    var shoppers = Enumerable.Range(0, clients).Select(i => new Shopper(baseUrl, Shopper.Address(1, i))).ToList();
    try
    {
        await Task.WhenAll(shoppers.Select((s, i) => s.TokenAsync(products[i % products.Count].Slug)));
        // Warm-up: JIT, connection pools, query caches. Not measured.
        await Task.WhenAll(shoppers.Select((s, i) => RunOrdersAsync(s, products, i, 3, latencies: null)));

        var latencies = new List<double>[clients];
        var cpuBefore = StoreCpu.Milliseconds();
        var watch = Stopwatch.StartNew();
        var errors = await Task.WhenAll(shoppers.Select((s, i) => RunOrdersAsync(s, products, i, perClient, latencies[i] = [])));
        watch.Stop();
        var storeCpu = StoreCpu.Milliseconds() - cpuBefore;

        var all = latencies.SelectMany(l => l).Order().ToArray();
        var orders = all.Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT orders={orders} errors={errors.Sum()} seconds={watch.Elapsed.TotalSeconds:F1} orders_per_s={orders / watch.Elapsed.TotalSeconds:F1} " +
            $"p50_ms={Stats.Percentile(all, 0.50):F0} p99_ms={Stats.Percentile(all, 0.99):F0} " +
            $"cpu_ms_per_order={(storeCpu is { } cpu && orders > 0 ? (cpu / (double)orders).ToString("F1", CultureInfo.InvariantCulture) : "-")}"));
        return errors.Sum() == 0 ? 0 : 1;
    }
    finally
    {
        shoppers.ForEach(s => s.Dispose());
    }
}

static async Task<int> RunOrdersAsync(Shopper shopper, List<(int Id, string Slug)> products, int client, int count, List<double>? latencies)
{
    var errors = 0;
    for (var n = 0; n < count; n++)
    {
        var product = products[(client + n) % products.Count].Id;
        var start = Stopwatch.GetTimestamp();
        var placed = await shopper.PlaceOrderAsync(product, 1);
        var paid = placed.Outcome == Outcome.Placed && await shopper.PayAsync(placed.PayUrl!, "4242424242424242");
        if (!paid)
        {
            errors++;
            continue;
        }
        latencies?.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }
    return errors;
}

// DESIGN.md's concurrency case: 200 shoppers at once for one product with 50 on hand and a backorder
// cap of 100. Expect 150 placed (50 ship now, 100 backordered) and 50 refused, nothing oversold.
static async Task<int> ContentionAsync(StorefrontDbContext db, Uri baseUrl, int clients)
{
    var (id, slug) = await Seed.ProductAsync(db, "BENCH-C-001", onHand: 50, backorderLimit: 100);
    var shoppers = Enumerable.Range(0, clients).Select(i => new Shopper(baseUrl, Shopper.Address(2, i))).ToList();
    try
    {
        await Task.WhenAll(shoppers.Select(s => s.TokenAsync(slug)));
        using var go = new SemaphoreSlim(0);
        var tasks = shoppers.Select(async s =>
        {
            await go.WaitAsync();
            return await s.PlaceOrderAsync(id, 1);
        }).ToList();
        var watch = Stopwatch.StartNew();
        go.Release(clients);
        var results = await Task.WhenAll(tasks);
        watch.Stop();

        db.ChangeTracker.Clear();
        var stock = await db.Stock.AsNoTracking().SingleAsync(s => s.ProductId == id);
        var placed = results.Count(r => r.Outcome == Outcome.Placed);
        var refused = results.Count(r => r.Outcome == Outcome.Refused);
        var other = results.Length - placed - refused;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT clients={clients} placed={placed} refused={refused} other={other} wall_ms={watch.Elapsed.TotalMilliseconds:F0} " +
            $"on_hand={stock.OnHand} allocated={stock.Allocated} backordered={stock.Backordered}"));
        var expected = clients != 200 || (placed == 150 && refused == 50 && stock.Allocated == 50 && stock.Backordered == 100);
        return other == 0 && stock.Allocated <= stock.OnHand && expected ? 0 : 1;
    }
    finally
    {
        shoppers.ForEach(s => s.Dispose());
    }
}


namespace Storefront.Bench.Checkout
{
    internal enum Outcome
    {
        Placed,
        Refused,
        Failed,
    }

    /// <param name="Status">The HTTP status of the checkout post.</param>
    /// <param name="Message">With <see cref="Outcome.Refused"/>: the store's words, as the page shows them.</param>
    internal sealed record Placement(Outcome Outcome, string? PayUrl, int Status = 0, string? Message = null);

    internal static class Stats
    {
        public static double Percentile(double[] sorted, double p) =>
            sorted.Length == 0 ? double.NaN : sorted[(int)Math.Round(p * (sorted.Length - 1), MidpointRounding.AwayFromZero)];
    }

    /// <summary>One shopper: its own cookies (antiforgery, cart) and client address, no automatic redirects.</summary>
    internal sealed partial class Shopper : IDisposable
    {
        private readonly HttpClient _client;

        private string _token = "";

        public Shopper(Uri baseUrl, string address)
        {
            _client = new HttpClient(new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = true,
                CookieContainer = new CookieContainer(),
                PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            })
            {
                BaseAddress = baseUrl,
                Timeout = TimeSpan.FromSeconds(120),
            };
            _client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        }

        /// <summary>A private address per shopper of a scenario: 10.{scenario}.x.y.</summary>
        public static string Address(int scenario, int shopper) =>
            string.Create(CultureInfo.InvariantCulture, $"10.{scenario}.{(shopper + 1) / 256}.{(shopper + 1) % 256}");

        /// <summary>Reads the antiforgery token from a product page, once.</summary>
        public async Task TokenAsync(string slug)
        {
            var html = await _client.GetStringAsync($"/products/{slug}");
            _token = TokenPattern().Match(html).Groups[1].Value;
            if (_token.Length == 0)
            {
                throw new InvalidOperationException($"No antiforgery token on /products/{slug}.");
            }
        }

        public async Task<Placement> PlaceOrderAsync(int productId, int quantity)
        {
            using var response = await _client.PostAsync("/Checkout", new FormUrlEncodedContent(
            [
                new("__RequestVerificationToken", _token),
                new("Input.CheckoutKey", Guid.NewGuid().ToString("N")),
                new("Input.Email", "bench@example.test"),
                new("Input.Name", "Bench Shopper"),
                new("Input.Line1", "1 Loopback Lane"),
                new("Input.City", "Localhost"),
                new("Input.PostalCode", "12345"),
                new("Input.Country", "United States"),
                new("Input.AcceptBackorder", "true"),
                new("Input.Lines[0].ProductId", productId.ToString(CultureInfo.InvariantCulture)),
                new("Input.Lines[0].Quantity", quantity.ToString(CultureInfo.InvariantCulture)),
            ]));
            var location = response.Headers.Location?.ToString();
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.Redirect && location is not null && location.StartsWith("/Checkout/Pay/", StringComparison.Ordinal))
            {
                return new Placement(Outcome.Placed, location, status);
            }
            if (response.StatusCode == HttpStatusCode.OK && RefusalPattern().Match(await response.Content.ReadAsStringAsync()) is { Success: true } refusal)
            {
                return new Placement(Outcome.Refused, null, status, WebUtility.HtmlDecode(refusal.Groups[1].Value).Trim());
            }
            await Console.Error.WriteLineAsync($"POST /Checkout: unexpected {status} {location}");
            return new Placement(Outcome.Failed, null, status);
        }

        public async Task<bool> PayAsync(string payUrl, string card)
        {
            using var response = await _client.PostAsync(payUrl, new FormUrlEncodedContent(
            [
                new("__RequestVerificationToken", _token),
                new("CardNumber", card),
            ]));
            var location = response.Headers.Location?.ToString();
            if (response.StatusCode == HttpStatusCode.Redirect && location is not null && location.StartsWith("/Checkout/Confirmation/", StringComparison.Ordinal))
            {
                return true;
            }
            await Console.Error.WriteLineAsync($"POST {payUrl}: unexpected {(int)response.StatusCode} {location}");
            return false;
        }

        public void Dispose() => _client.Dispose();

        [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
        private static partial Regex TokenPattern();

        /// <summary>The first message of the page's validation summary: why the order was not placed.</summary>
        [GeneratedRegex("validation-summary-errors[^>]*>\\s*<ul>\\s*<li>([^<]+)</li>")]
        private static partial Regex RefusalPattern();
    }

    internal static class Seed
    {
        /// <summary>A product with its stock row and the ledger entry for its units, as the store's invariants require.</summary>
        public static async Task<(int Id, string Slug)> ProductAsync(StorefrontDbContext db, string sku, int onHand, int? backorderLimit)
        {
            var now = DateTime.UtcNow;
            var category = await db.Categories.FirstOrDefaultAsync(c => c.Slug == "bench");
            if (category is null)
            {
                category = new Category { Name = "Bench", Slug = "bench", SortOrder = 99 };
                db.Categories.Add(category);
                await db.SaveChangesAsync();
            }
            var product = new Product
            {
                Sku = sku,
                Name = "Bench item " + sku,
                Slug = sku.ToLowerInvariant(),
                Description = "Seeded by bench/checkout.sh.",
                CategoryId = category.Id,
                PriceAmount = 1999,
                Currency = "USD",
                Status = ProductStatus.Active,
                BackorderPolicy = backorderLimit is null ? BackorderPolicy.Allowed : BackorderPolicy.AllowedUpTo,
                BackorderLimit = backorderLimit,
                RestockDate = DateOnly.FromDateTime(now).AddDays(20),
                CreatedAt = now,
            };
            db.Products.Add(product);
            await db.SaveChangesAsync();
            db.Stock.Add(new Stock { ProductId = product.Id, OnHand = onHand });
            db.StockLedger.Add(new StockLedgerEntry
            {
                ProductId = product.Id, Kind = StockChangeKind.InitialCount, Quantity = onHand,
                Reason = "Checkout benchmark", Actor = "bench", CreatedAt = now,
            });
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            return (product.Id, product.Slug);
        }
    }
}
