using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Storefront.Bench.Seed;
using Storefront.Core.Catalog;
using Storefront.Core.Data;
using Storefront.Core.Inventory;
using Storefront.Core.Orders;
using Storefront.Core.Payments;

// Usage:
//   Storefront.Bench.Admin seed <sqlite-file> <products> <backorder-lines>
//   Storefront.Bench.Admin measure <base-url> <store-pid> <email> <password> <products> <lines> <runs>
// "seed" makes a fresh SQLite file: the bench catalog plus paid orders waiting in the backorder
// queues. "measure" signs in through the store's login form and times the staff pages, printing one
// "ROW" line per page for bench/admin.sh.
return args.FirstOrDefault() switch
{
    "seed" when args.Length == 4 => await Seeding.RunAsync(args[1], Int(args[2]), Int(args[3])),
    "measure" when args.Length == 8 => await Measuring.RunAsync(new Uri(args[1]), Int(args[2]), args[3], args[4], Int(args[5]), Int(args[6]), Int(args[7])),
    _ => Usage(),
};

static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);

static int Usage()
{
    Console.Error.WriteLine("usage: Storefront.Bench.Admin seed <sqlite-file> <products> <lines>");
    Console.Error.WriteLine("       Storefront.Bench.Admin measure <base-url> <store-pid> <email> <password> <products> <lines> <runs>");
    return 2;
}

internal static class Seeding
{
    private const int HandlingDays = 2; // StoreOptions.HandlingDays, the store's default

    public static async Task<int> RunAsync(string file, int products, int lines)
    {
        var path = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        foreach (var f in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(f);
        }
        var options = new DbContextOptionsBuilder<StorefrontDbContext>()
            .UseSqlite($"Data Source={path}", o => o.MigrationsAssembly("Storefront.Migrations.Sqlite"))
            .Options;
        var watch = Stopwatch.StartNew();
        await using var db = new StorefrontDbContext(options);
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        await BulkCatalog.SeedAsync(db, TimeProvider.System, products, CancellationToken.None);
        var placed = await BackordersAsync(db, lines);
        Console.WriteLine($"Seeded {products} products and {placed} open backorder lines into {path} in {watch.Elapsed.TotalSeconds:F1} s.");
        return placed == lines ? 0 : 1;
    }

    /// <summary>
    /// Paid one-line orders for the catalog's backorderable products (nothing on hand, deliveries
    /// scheduled), dealt round-robin, oldest first over the last 90 days. Each line's ETA is the date
    /// of the delivery that covers its last unit, plus handling; stock rows count the backordered units.
    /// </summary>
    private static async Task<int> BackordersAsync(StorefrontDbContext db, int lines)
    {
        var now = DateTime.UtcNow;
        var candidates = await db.Products.AsNoTracking()
            .Where(p => p.Status == ProductStatus.Active && p.ReleaseDate == null && p.BackorderPolicy != BackorderPolicy.NotAllowed
                && p.Stock!.OnHand == 0 && p.Deliveries.Any())
            .OrderBy(p => p.Id)
            .Select(p => new
            {
                p.Id, p.Sku, p.Name, p.PriceAmount, p.BackorderLimit,
                Deliveries = p.Deliveries.OrderBy(d => d.ExpectedDate).Select(d => new { d.ExpectedDate, d.Quantity }).ToList(),
            })
            .ToListAsync();
        if (candidates.Count == 0)
        {
            return 0;
        }
        var queued = new int[candidates.Count];
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var created = 0;
        for (var k = 0; k < lines; k++)
        {
            var slot = k % candidates.Count;
            var p = candidates[slot];
            var quantity = k % 3 == 0 ? 2 : 1;
            var limit = Math.Min(p.BackorderLimit ?? int.MaxValue, p.Deliveries.Sum(d => d.Quantity));
            if (queued[slot] + quantity > limit)
            {
                quantity = 1;
                if (queued[slot] + 1 > limit)
                {
                    continue; // this product's queue is full: no honest ETA, the store would refuse it
                }
            }
            queued[slot] += quantity;
            var covered = 0;
            var eta = p.Deliveries[^1].ExpectedDate;
            foreach (var d in p.Deliveries)
            {
                covered += d.Quantity;
                if (covered >= queued[slot])
                {
                    eta = d.ExpectedDate;
                    break;
                }
            }
            eta = eta.AddDays(HandlingDays);
            var at = now.AddSeconds(-90.0 * 86_400 * (lines - k) / lines);
            var total = p.PriceAmount * quantity;
            var line = new OrderLine { ProductId = p.Id, Sku = p.Sku, ProductName = p.Name, UnitPriceAmount = p.PriceAmount, Quantity = quantity, BackorderedQuantity = quantity };
            var order = new Order
            {
                Number = $"SF-B{k + 1:D6}", Email = $"customer{k + 1}@example.test", ShippingName = $"Customer {k + 1}",
                AddressLine1 = "1 Bench Street", City = "Springfield", PostalCode = "12345", Country = "US",
                Status = OrderStatus.Paid, PlacedAt = at, PaidAt = at, CheckoutKey = $"bench-admin-{k + 1}", BackorderTermsAccepted = true,
                ShippingChoice = ShippingChoice.OneShipment, SubtotalAmount = total, TotalAmount = total, Lines = [line],
            };
            var backorder = BackorderLine.Open(p.Id, at, quantity, eta);
            backorder.Order = order;
            line.Backorders.Add(backorder);
            db.Orders.Add(order);
            created++;
            if (created % 1000 == 0)
            {
                await SaveWithPaymentsAsync(db);
            }
        }
        await SaveWithPaymentsAsync(db);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (queued[i] > 0)
            {
                var id = candidates[i].Id;
                var units = queued[i];
                await db.Stock.Where(s => s.ProductId == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Backordered, units));
            }
        }
        return created;
    }

    private static async Task SaveWithPaymentsAsync(StorefrontDbContext db)
    {
        var orders = db.ChangeTracker.Entries<Order>().Select(e => e.Entity).ToList();
        await db.SaveChangesAsync();
        db.Payments.AddRange(orders.Select(o => new Payment
        {
            OrderId = o.Id, Provider = "test", AttemptKey = "bench-pay-" + o.Number, ProviderReference = "test_" + o.Number,
            Amount = o.TotalAmount, Currency = o.Currency, Status = PaymentStatus.Succeeded, CreatedAt = o.PlacedAt, CompletedAt = o.PlacedAt,
        }));
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }
}

internal static partial class Measuring
{
    public static async Task<int> RunAsync(Uri baseUrl, int pid, string email, string password, int products, int lines, int runs)
    {
        if (!IPAddress.TryParse(baseUrl.Host, out var ip) || !IPAddress.IsLoopback(ip))
        {
            Console.Error.WriteLine("The store must be on a loopback address (127.0.0.1).");
            return 2;
        }
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromMinutes(2),
        };
        if (!await SignInAsync(client, email, password))
        {
            return 1;
        }
        var lastProducts = Math.Max(1, (products + 24) / 25);
        var lastQueue = Math.Max(1, (lines + 49) / 50);
        var pages = new (string Label, string Url)[]
        {
            ("Dashboard", "/Admin"),
            ("Backorder queue, page 1", "/Admin/Backorders"),
            ("Backorder queue, last page", $"/Admin/Backorders?p={lastQueue}"),
            ("Backorder queue, waiting ≥ 30 days, ETA slipped", "/Admin/Backorders?MinAgeDays=30&Slipped=true"),
            ("Product list, page 1", "/Admin/Products"),
            ("Product list, last page", $"/Admin/Products?p={lastProducts}"),
            ("Product list, search \"kettle\"", "/Admin/Products?q=kettle"),
            ("Deliveries", "/Admin/Deliveries"),
            ("Backorder CSV", "/Admin/Backorders?handler=Csv"),
        };
        // The CSV first, in a process that has not built one yet: how much it grows the store's memory.
        await CsvAsync(client, pid, pages[^1].Url, "first");
        foreach (var (label, url) in pages)
        {
            var first = await GetAsync(client, url);
            for (var i = 0; i < 5; i++)
            {
                await GetAsync(client, url);
            }
            var steady = await GetAsync(client, url);
            var times = new List<double>(runs);
            for (var i = 0; i < runs; i++)
            {
                times.Add((await GetAsync(client, url)).Ms);
            }
            times.Sort();
            var sql = steady.Sql == first.Sql ? steady.Sql : $"{steady.Sql} (first request: {first.Sql})";
            Console.WriteLine(string.Join('\t', "ROW", label, url, steady.Status.ToString(CultureInfo.InvariantCulture), sql,
                F(Percentile(times, 0.50)), F(Percentile(times, 0.99)), steady.Bytes.ToString(CultureInfo.InvariantCulture)));
        }
        // And once more, warm: what one more download costs a store that has served many.
        await CsvAsync(client, pid, pages[^1].Url, "warm");
        return 0;
    }

    private static string F(double ms) => ms.ToString("F1", CultureInfo.InvariantCulture);

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static async Task<(int Status, string Sql, double Ms, long Bytes)> GetAsync(HttpClient client, string url)
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long bytes = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            bytes += read;
        }
        watch.Stop();
        var sql = response.Headers.TryGetValues("X-Sql-Commands", out var v) ? string.Join(",", v) : "–";
        return ((int)response.StatusCode, sql, watch.Elapsed.TotalMilliseconds, bytes);
    }

    /// <summary>
    /// One CSV download, counted line by line as it arrives, with the store's peak resident memory
    /// reset just before it (/proc/PID/clear_refs) and read just after (VmHWM), against its resident
    /// memory before.
    /// </summary>
    private static async Task CsvAsync(HttpClient client, int pid, string url, string when)
    {
        var before = Kib(pid, "VmRSS");
        var reset = TryResetPeak(pid);
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        var headers = watch.Elapsed.TotalMilliseconds;
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body);
        var rows = 0;
        double firstRow = 0;
        long chars = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (rows == 1)
            {
                firstRow = watch.Elapsed.TotalMilliseconds;
            }
            rows++;
            chars += line.Length + 2;
        }
        var all = watch.Elapsed.TotalMilliseconds;
        var peak = Kib(pid, "VmHWM");
        var length = response.Content.Headers.ContentLength is { } n ? n.ToString(CultureInfo.InvariantCulture) : "none (streamed)";
        Console.WriteLine(string.Join('\t', "CSV", when, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture),
            (rows - 1).ToString(CultureInfo.InvariantCulture), chars.ToString(CultureInfo.InvariantCulture), length,
            F(headers), F(firstRow), F(all), reset ? ((peak - before) / 1024.0).ToString("F1", CultureInfo.InvariantCulture) : "–",
            (before / 1024.0).ToString("F0", CultureInfo.InvariantCulture)));
    }

    private static bool TryResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long Kib(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(Digits().Match(line).Value, CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }

    /// <summary>Signs in through the store's own login form, antiforgery token and all.</summary>
    private static async Task<bool> SignInAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync("/Identity/Account/Login");
        var token = Token().Match(form);
        if (!token.Success)
        {
            Console.Error.WriteLine("The login page has no antiforgery token.");
            return false;
        }
        using var posted = await client.PostAsync("/Identity/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.RememberMe"] = "false",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        }));
        using var dashboard = await client.GetAsync("/Admin");
        if (posted.StatusCode != HttpStatusCode.Redirect || dashboard.StatusCode != HttpStatusCode.OK)
        {
            Console.Error.WriteLine($"Signing in as {email} failed: login answered {(int)posted.StatusCode}, /Admin {(int)dashboard.StatusCode}.");
            return false;
        }
        return true;
    }

    [GeneratedRegex("""name="__RequestVerificationToken"[^>]*value="([^"]+)" """)]
    private static partial Regex Token();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
