using Microsoft.EntityFrameworkCore;
using Storefront.Core.Catalog;
using Storefront.Core.Data;
using Storefront.Core.Inventory;

namespace Storefront.Bench.Seed;

/// <summary>
/// A large, deterministic catalog covering every availability state, for benchmarks only (the
/// store itself seeds only the demo catalog). The figures in docs/benchmarks.md were measured on it.
/// </summary>
public static class BulkCatalog
{
    private static readonly string[] Categories = ["Kitchen", "Garden", "Workshop", "Outdoors", "Stationery", "Lighting", "Textiles", "Audio"];
    private static readonly string[] Adjectives = ["Oak", "Copper", "Linen", "Granite", "Maple", "Slate", "Cedar", "Brass", "Walnut", "Cobalt"];
    private static readonly string[] Nouns = ["Kettle", "Lantern", "Planter", "Notebook", "Toolbox", "Blanket", "Speaker", "Stool", "Trowel", "Lamp"];

    public static async Task SeedAsync(StorefrontDbContext db, TimeProvider clock, int count, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var categories = Categories.Select((name, i) => new Category { Name = name, Slug = name.ToLowerInvariant(), SortOrder = i }).ToList();
        db.Categories.AddRange(categories);
        await db.SaveChangesAsync(ct);

        db.ChangeTracker.AutoDetectChangesEnabled = false;
        const int batch = 1000;
        for (var start = 0; start < count; start += batch)
        {
            var products = new List<Product>();
            for (var i = start; i < Math.Min(count, start + batch); i++)
            {
                products.Add(NewProduct(i, categories[i % categories.Count].Id, now, today));
            }
            db.Products.AddRange(products);
            await db.SaveChangesAsync(ct);

            // Every unit on hand has its ledger row, as the store's invariant requires.
            db.StockLedger.AddRange(products.Where(p => p.Stock!.OnHand > 0).Select(p => new StockLedgerEntry
            {
                ProductId = p.Id,
                Kind = StockChangeKind.InitialCount,
                Quantity = p.Stock!.OnHand,
                Reason = "Benchmark catalog",
                Actor = "bench",
                CreatedAt = now,
            }));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    private static Product NewProduct(int i, int categoryId, DateTime now, DateOnly today)
    {
        var name = $"{Adjectives[i % Adjectives.Length]} {Nouns[i / Adjectives.Length % Nouns.Length]} {i + 1:D5}";
        var product = new Product
        {
            Sku = $"BENCH-{i + 1:D5}",
            Name = name,
            Slug = name.ToLowerInvariant().Replace(' ', '-'),
            Description = $"A sturdy {name.ToLowerInvariant()} made for everyday use.",
            CategoryId = categoryId,
            PriceAmount = 500 + i * 37 % 20_000,
            Currency = "USD",
            BackorderPolicy = BackorderPolicy.Allowed,
            LowStockThreshold = 5,
            CreatedAt = now.AddMinutes(-i),
        };
        var onHand = 0;
        // Ten shapes of product, scattered by a multiplicative hash so that any page (sorted by name
        // or not) shows every availability state.
        var shape = (int)(unchecked((uint)i * 2654435761u) >> 16) % 10;
        switch (shape)
        {
            case 0 or 1 or 2 or 3:
                onHand = 20 + i % 180; // in stock
                break;
            case 4:
                onHand = 1 + i % 5; // low stock
                break;
            case 5 or 6:
                product.BackorderPolicy = i % 2 == 0 ? BackorderPolicy.AllowedUpTo : BackorderPolicy.Allowed;
                product.BackorderLimit = product.BackorderPolicy == BackorderPolicy.AllowedUpTo ? 25 : null;
                break; // backorder: no stock, deliveries below
            case 7:
                product.ReleaseDate = today.AddDays(30 + i % 60); // pre-order
                break;
            case 8:
                product.BackorderPolicy = BackorderPolicy.NotAllowed; // out of stock, expected back
                break;
            default:
                product.Status = ProductStatus.Discontinued;
                break;
        }
        product.Stock = new Stock { OnHand = onHand };
        if (shape is 0 or 5 or 6 or 7 or 8)
        {
            product.Deliveries.Add(Delivery(i, 1, today.AddDays(7 + i % 21), 20 + i % 30, now));
            product.Deliveries.Add(Delivery(i, 2, today.AddDays(35 + i % 21), 40 + i % 50, now));
        }
        return product;
    }

    private static InboundDelivery Delivery(int i, int n, DateOnly expected, int quantity, DateTime now) => new()
    {
        Quantity = quantity,
        ExpectedDate = expected,
        SupplierReference = $"PO-{i + 1:D5}-{n}",
        Status = DeliveryStatus.Scheduled,
        CreatedAt = now,
    };
}
