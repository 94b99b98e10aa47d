using Microsoft.EntityFrameworkCore;
using Storefront.Core.Catalog;
using Storefront.Core.Inventory;

namespace Storefront.Core.Data.Seeding;

/// <summary>
/// Fills a database with many synthetic products for benchmarks and load tests: a realistic mix of
/// availability states, inserted in batches so tens of thousands of rows take seconds, not minutes.
/// </summary>
public static class BulkCatalogSeeder
{
    public const int BatchSize = 1000;
    public const string SkuPrefix = "BULK-";

    private static readonly string[] Adjectives =
        ["Classic", "Compact", "Deluxe", "Everyday", "Heritage", "Modern", "Nordic", "Pro", "Rugged", "Studio", "Travel", "Urban"];

    private static readonly string[] Nouns =
        ["Bottle", "Bowl", "Chair", "Grinder", "Kettle", "Lamp", "Lantern", "Mug", "Notebook", "Pan", "Puzzle", "Speaker", "Stand", "Tray"];

    /// <summary>
    /// Adds <paramref name="count"/> synthetic products (SKUs "BULK-000001" onwards, continuing after any
    /// earlier bulk run) spread over the existing categories, creating the demo categories if there are none.
    /// </summary>
    public static async Task SeedBulkAsync(StorefrontDbContext db, TimeProvider clock, int count, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var strategy = db.Database.CreateExecutionStrategy();

        var categoryIds = await db.Categories.OrderBy(c => c.SortOrder).ThenBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
        if (categoryIds.Count == 0)
        {
            var categories = DemoCatalog.Categories
                .Select((c, i) => new Category { Name = c.Name, Slug = c.Slug, Description = c.Description, SortOrder = (i + 1) * 10 })
                .ToList();
            db.Categories.AddRange(categories);
            await db.SaveChangesAsync(ct);
            categoryIds = categories.Select(c => c.Id).ToList();
            db.ChangeTracker.Clear();
        }

        var first = await db.Products.CountAsync(p => p.Sku.StartsWith(SkuPrefix), ct) + 1;
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            for (var start = first; start < first + count; start += BatchSize)
            {
                var end = Math.Min(start + BatchSize, first + count);
                var batchStart = start;
                await strategy.ExecuteAsync(async token =>
                {
                    db.ChangeTracker.Clear();
                    await using var tx = await db.Database.BeginTransactionAsync(token);
                    var products = new List<Product>(end - batchStart);
                    for (var n = batchStart; n < end; n++)
                    {
                        products.Add(Synthetic(n, categoryIds[n % categoryIds.Count], now, today));
                    }
                    db.Products.AddRange(products);
                    await db.SaveChangesAsync(token);
                    db.StockLedger.AddRange(DemoCatalogSeeder.OpeningCounts(products));
                    await db.SaveChangesAsync(token);
                    await tx.CommitAsync(token);
                    db.ChangeTracker.Clear();
                }, ct);
            }
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    /// <summary>Product number <paramref name="n"/>; its number decides its availability state, so runs are repeatable.</summary>
    private static Product Synthetic(int n, int categoryId, DateTime now, DateOnly today)
    {
        var name = $"{Adjectives[n % Adjectives.Length]} {Nouns[n / Adjectives.Length % Nouns.Length]} No. {n}";
        var sku = $"{SkuPrefix}{n:000000}";
        var product = new Product
        {
            Sku = sku,
            Name = name,
            Slug = DemoCatalogSeeder.Slugify(name),
            Description = $"A synthetic {name.ToLowerInvariant()} for load testing. It behaves like any other product in the store.",
            CategoryId = categoryId,
            PriceAmount = 499 + n * 137 % 49_500,
            Currency = "USD",
            ImageUrl = DemoCatalogSeeder.ImageUrlFor(sku),
            BackorderPolicy = BackorderPolicy.Allowed,
            LowStockThreshold = 5,
            CreatedAt = now.AddMinutes(-(n % 500) * 431),
        };
        var onHand = 0;
        // Ten slots: mostly sellable stock, with every other state represented.
        switch (n % 10)
        {
            case 0 or 1 or 2 or 3:
                onHand = 20 + n % 180;
                break;
            case 4:
                onHand = 1 + n % 5;
                break;
            case 5:
                product.Deliveries.Add(Delivery(today.AddDays(3 + n % 30), 10 + n % 40, n, product.CreatedAt));
                break;
            case 6:
                product.BackorderPolicy = BackorderPolicy.AllowedUpTo;
                product.BackorderLimit = 20 + n % 30;
                product.Deliveries.Add(Delivery(today.AddDays(5 + n % 20), 5 + n % 10, n, product.CreatedAt));
                product.RestockDate = today.AddDays(30 + n % 30);
                product.RestockNote = "Further stock ordered from the supplier.";
                break;
            case 7:
                product.ReleaseDate = today.AddDays(10 + n % 60);
                onHand = 10 + n % 50;
                break;
            case 8:
                product.BackorderPolicy = BackorderPolicy.NotAllowed;
                if (n % 20 == 8)
                {
                    product.Deliveries.Add(Delivery(today.AddDays(7 + n % 21), 25, n, product.CreatedAt));
                }
                break;
            default:
                product.Status = ProductStatus.Discontinued;
                product.BackorderPolicy = BackorderPolicy.NotAllowed;
                onHand = n % 20 == 9 ? 0 : 1 + n % 4;
                break;
        }
        product.Stock = new Stock { OnHand = onHand };
        return product;
    }

    private static InboundDelivery Delivery(DateOnly expected, int quantity, int n, DateTime orderedAt) => new()
    {
        Quantity = quantity,
        ExpectedDate = expected,
        SupplierReference = DemoCatalogSeeder.PurchaseOrderReference(expected.Year, n % 10_000),
        Status = DeliveryStatus.Scheduled,
        CreatedAt = orderedAt,
    };
}
