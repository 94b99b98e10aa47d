using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Storefront.Core.Catalog;
using Storefront.Core.Common;
using Storefront.Core.Data;
using Storefront.Core.Etas;
using Storefront.Core.Inventory;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;

// Usage: Storefront.Bench.Receive sqlite <file> [lines] | Storefront.Bench.Receive postgres <connection-string> [lines]
// Seeds one product with N open one-unit backorder lines (consistent rows: orders, order lines,
// backorder lines, stock), then times receiving N units in one call and counts the SQL commands.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Storefront.Bench.Receive sqlite|postgres <file-or-connection-string> [lines]");
    return 2;
}
var provider = args[0];
var lines = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
var counter = new CommandCounter();
DbContextOptions<StorefrontDbContext> Options(bool count)
{
    var b = new DbContextOptionsBuilder<StorefrontDbContext>();
    if (provider == "sqlite")
    {
        b.UseSqlite($"Data Source={args[1]}", o => o.MigrationsAssembly("Storefront.Migrations.Sqlite"));
    }
    else
    {
        b.UseNpgsql(args[1], o => o.MigrationsAssembly("Storefront.Migrations.PostgreSql"));
    }
    if (count)
    {
        b.AddInterceptors(counter);
    }
    return b.Options;
}

if (provider == "sqlite")
{
    foreach (var f in new[] { args[1], args[1] + "-wal", args[1] + "-shm" })
    {
        File.Delete(f);
    }
}
var seedWatch = Stopwatch.StartNew();
int productId;
await using (var db = new StorefrontDbContext(Options(false)))
{
    await db.Database.MigrateAsync();
    if (provider == "sqlite")
    {
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }
    var category = new Category { Name = "Bench", Slug = "bench" };
    var product = new Product { Sku = "BENCH-RCV", Name = "Bench receive", Slug = "bench-receive", Category = category, PriceAmount = 1000, BackorderPolicy = BackorderPolicy.Allowed, CreatedAt = DateTime.UtcNow };
    db.Products.Add(product);
    await db.SaveChangesAsync();
    productId = product.Id;
    db.Stock.Add(new Stock { ProductId = productId, OnHand = 0, Allocated = 0, Backordered = lines });
    var start = DateTime.UtcNow.AddDays(-30);
    var eta = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10);
    for (var i = 0; i < lines; i++)
    {
        var placed = start.AddSeconds(i);
        var line = new OrderLine { ProductId = productId, Sku = product.Sku, ProductName = product.Name, UnitPriceAmount = 1000, Quantity = 1, BackorderedQuantity = 1 };
        var order = new Order { Number = $"B-{i:D6}", Email = $"c{i}@example.test", Status = OrderStatus.Paid, PlacedAt = placed, PaidAt = placed, CheckoutKey = $"bench-{i}", BackorderTermsAccepted = true, SubtotalAmount = 1000, TotalAmount = 1000, Lines = [line] };
        line.Backorders.Add(new BackorderLine { Order = order, ProductId = productId, PlacedAt = placed, OriginalQuantity = 1, Quantity = 1, Status = BackorderStatus.Open, PromisedEta = eta, CurrentEta = eta });
        db.Orders.Add(order);
    }
    await db.SaveChangesAsync();
}
Console.WriteLine($"Seeded {lines} open backorder lines in {seedWatch.Elapsed.TotalSeconds:F1} s.");

await using (var db = new StorefrontDbContext(Options(true)))
{
    var clock = TimeProvider.System;
    var store = Microsoft.Extensions.Options.Options.Create(new StoreOptions());
    // The real email path: every filled order gets its "ships soon" message rendered and written to the outbox.
    var notices = new BackorderNotices(db, new Outbox(db, clock), new CustomerMessages(store, new SignedLinks(), clock), clock);
    var backorders = Microsoft.Extensions.Options.Options.Create(new Storefront.Core.Orders.Delays.BackorderOptions());
    var dates = new Storefront.Core.Suppliers.DeliveryDates(db, backorders);
    var inventory = new InventoryEngine(db, clock, new EtaRecalculation(db, clock, store, notices, backorders, dates), notices, store);
    var receiving = new Receiving(db, inventory, clock, new Storefront.Core.Suppliers.SupplierReliability(db), dates);
    var watch = Stopwatch.StartNew();
    var outcome = await receiving.ReceiveAsync(productId, lines, "BENCH", "bench");
    watch.Stop();
    var r = outcome.Result ?? throw new InvalidOperationException(string.Join("; ", outcome.Errors));
    var open = await db.BackorderLines.CountAsync(l => l.ProductId == productId && l.Status == BackorderStatus.Open);
    var emails = await db.OutboxMessages.CountAsync(m => m.Kind == MessageKinds.BackorderFilled);
    Console.WriteLine($"RESULT provider={provider} lines={lines} filled_orders={r.Filled.Count} filled_units={r.FilledUnits} open_left={open} emails={emails} " +
                      $"backordered={r.Stock.Backordered} allocated={r.Stock.Allocated} ms={watch.Elapsed.TotalMilliseconds:F0} sql_commands={counter.Count}");
    counter.Slow.ForEach(Console.WriteLine);
}
return 0;

internal sealed class CommandCounter : DbCommandInterceptor
{
    public int Count;

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count++;
        return ValueTask.FromResult(result);
    }

    public List<string> Slow { get; } = [];

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Duration.TotalMilliseconds > 200)
        {
            Slow.Add($"{eventData.Duration.TotalMilliseconds:F0} ms: {command.CommandText.ReplaceLineEndings(" ")}");
        }
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Count++;
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Count++;
        return ValueTask.FromResult(result);
    }
}

/// <summary>Costs about what the web app's signed links cost: one keyed hash per order.</summary>
internal sealed class SignedLinks : IOrderLinks
{
    private readonly byte[] _key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);

    public string OrderUrl(string orderNumber)
    {
        var mac = System.Security.Cryptography.HMACSHA256.HashData(_key, System.Text.Encoding.UTF8.GetBytes(orderNumber));
        return $"http://localhost:5000/Checkout/Confirmation/{orderNumber}?t={Convert.ToBase64String(mac)}";
    }

    public string DelayAnswerUrl(string orderNumber, int backorderLineId, DelayAnswer answer) =>
        OrderUrl($"{orderNumber}/{backorderLineId}/{answer}");
}
