using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Storefront.Bench.Seed;
using Storefront.Core.Data;

// Usage: Storefront.Bench.Seed <sqlite-file> [product-count]
// Creates a fresh SQLite database with the store's migrations and a large catalog for benchmarks.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Storefront.Bench.Seed <sqlite-file> [product-count]");
    return 2;
}
var path = Path.GetFullPath(args[0]);
var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;

Directory.CreateDirectory(Path.GetDirectoryName(path)!);
foreach (var file in new[] { path, path + "-wal", path + "-shm" })
{
    File.Delete(file);
}

var options = new DbContextOptionsBuilder<StorefrontDbContext>()
    .UseSqlite($"Data Source={path}", o => o.MigrationsAssembly("Storefront.Migrations.Sqlite"))
    .Options;

var watch = Stopwatch.StartNew();
await using (var db = new StorefrontDbContext(options))
{
    await db.Database.MigrateAsync();
    // The store itself switches the file to WAL on start-up; do it here too so the file is ready.
    await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    await BulkCatalog.SeedAsync(db, TimeProvider.System, count, CancellationToken.None);
}
Console.WriteLine($"Seeded {count} products into {path} in {watch.Elapsed.TotalSeconds:F1} s.");
return 0;
