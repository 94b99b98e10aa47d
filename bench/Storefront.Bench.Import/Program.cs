using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core;
using Storefront.Core.Catalog;
using Storefront.Core.Data;
using Storefront.Core.Inventory;
using Storefront.Core.Notifications;

// Usage: Storefront.Bench.Import <work-dir> <rows>
// Makes a fresh SQLite shop (migrated, no products), writes a file of <rows> new products in the
// store's own columns, and times the importer's dry run, the apply, a second apply of the same file
// (which must change nothing) and a file that changes every price and stock figure. The reference is
// inserting the same number of plain products with one SaveChanges into another fresh file, in the
// same run. Prints a markdown table.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Storefront.Bench.Import <work-dir> <rows>");
    return 2;
}
var dir = Path.GetFullPath(args[0]);
var rows = int.Parse(args[1], CultureInfo.InvariantCulture);
Directory.CreateDirectory(dir);

await using var referenceShop = await ShopAsync(Path.Combine(dir, "reference.db"));
var db = referenceShop.ServiceProvider.GetRequiredService<StorefrontDbContext>();
var category = new Category { Name = "Products", Slug = "products", SortOrder = 1 };
db.Categories.Add(category);
await db.SaveChangesAsync();
var reference = await TimeAsync(async () =>
{
    var now = DateTime.UtcNow;
    db.Products.AddRange(Enumerable.Range(1, rows).Select(i => new Product
    {
        Sku = $"BENCH-{i:D5}", Name = $"Bench product {i}", Slug = $"bench-product-{i}", CategoryId = category.Id,
        PriceAmount = 1000 + i, Currency = "USD", CreatedAt = now, UpdatedAt = now, Version = 1, Stock = new Stock(),
    }));
    await db.SaveChangesAsync();
    return 0;
});

var first = File(rows, priceCents: 1999, onHand: 10);
var second = File(rows, priceCents: 2499, onHand: 25);
await using var shop = await ShopAsync(Path.Combine(dir, "import.db"));
var results = new List<(string What, double Seconds, string Outcome)>
{
    ("insert the same products with one SaveChanges (reference)", reference.Seconds, $"{rows:N0} rows"),
};
var failed = false;
await Step($"dry run, {rows:N0} new products", first, apply: false);
await Step($"apply, {rows:N0} new products with stock", first, apply: true);
await Step("apply the same file again", first, apply: true, expectChanged: 0);
await Step($"apply, every price and stock figure changed", second, apply: true);

Console.WriteLine("| step | seconds | outcome |");
Console.WriteLine("|---|---:|---|");
foreach (var (what, seconds, outcome) in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {seconds:F1} | {outcome} |"));
}
return failed ? 1 : 0;

async Task Step(string what, byte[] file, bool apply, int? expectChanged = null)
{
    await using var scope = shop.ServiceProvider.CreateAsyncScope();
    var import = scope.ServiceProvider.GetRequiredService<ProductImport>();
    var (report, seconds) = await TimeAsync(async () => apply
        ? await import.ApplyAsync(new MemoryStream(file), "bench.csv", "bench")
        : await import.DryRunAsync(new MemoryStream(file), "bench.csv"));
    failed |= report.Problems.Count > 0 || (expectChanged is { } n && report.Changed != n);
    results.Add((what, seconds, $"{report.Rows.Count:N0} rows, {report.Changed:N0} changed, {report.Problems.Count} problems"));
}

static byte[] File(int rows, int priceCents, int onHand)
{
    var csv = new StringBuilder();
    csv.AppendLine(string.Join(',', ProductCsv.Sku, ProductCsv.Name, ProductCsv.Category, ProductCsv.Price, ProductCsv.Description, ProductCsv.OnHand));
    for (var i = 1; i <= rows; i++)
    {
        csv.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"IMP-{i:D5},Imported product {i},Category {i % 8 + 1},{priceCents / 100}.{priceCents % 100:D2},A product from the bench file,{onHand}"));
    }
    return Encoding.UTF8.GetBytes(csv.ToString());
}

static async Task<AsyncServiceScope> ShopAsync(string path)
{
    foreach (var f in new[] { path, path + "-wal", path + "-shm" })
    {
        System.IO.File.Delete(f);
    }
    var configuration = new ConfigurationBuilder().Build();
    var services = new ServiceCollection()
        .AddLogging()
        .AddStorefrontCore(configuration)
        .AddScoped<IOrderLinks, PlainLinks>()
        .AddDbContext<StorefrontDbContext>(o => o.UseSqlite($"Data Source={path}", s => s.MigrationsAssembly("Storefront.Migrations.Sqlite")))
        .BuildServiceProvider();
    var scope = services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<StorefrontDbContext>();
    await db.Database.MigrateAsync();
    await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    return scope;
}

static async Task<(T Result, double Seconds)> TimeAsync<T>(Func<Task<T>> work)
{
    var watch = Stopwatch.StartNew();
    var result = await work();
    return (result, watch.Elapsed.TotalSeconds);
}

/// <summary>An import with no open orders writes no customer email; the links only complete the services.</summary>
internal sealed class PlainLinks : IOrderLinks
{
    public string OrderUrl(string orderNumber) => "http://localhost/Orders/" + orderNumber;

    public string DelayAnswerUrl(string orderNumber, int backorderLineId, DelayAnswer answer) => OrderUrl($"{orderNumber}/{backorderLineId}/{answer}");
}
