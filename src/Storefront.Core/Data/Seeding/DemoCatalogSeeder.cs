using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Storefront.Core.Catalog;
using Storefront.Core.Common;
using Storefront.Core.Inventory;

namespace Storefront.Core.Data.Seeding;

/// <summary>Seeds a demo catalog and a month of past orders into an empty database so a newcomer sees a working shop and a busy Admin area.</summary>
public sealed class DemoCatalogSeeder(StorefrontDbContext db, TimeProvider clock, IOptions<StoreOptions> options)
{
    internal const string OpeningCountReason = "Opening stock count";
    internal const string SystemActor = "system";

    public async Task SeedIfEmptyAsync(CancellationToken ct = default)
    {
        await db.InTransactionAsync(async token =>
        {
            if (await db.Products.AnyAsync(token))
            {
                return;
            }
            var now = clock.GetUtcNow().UtcDateTime;
            var products = Build(now);
            db.Categories.AddRange(products.Select(p => p.Category!).Distinct());
            await db.SaveChangesAsync(token);

            // Past orders raise on hand by the units they hold, so the opening counts come after them.
            var orders = DemoOrders.Place(db, products, now, options.Value.HandlingDays, options.Value.FlatShippingAmount);
            // The ledger has no navigation to its product, so it waits for the product ids.
            db.StockLedger.AddRange(OpeningCounts(products));
            await db.SaveChangesAsync(token);
            db.Payments.AddRange(DemoOrders.Payments(orders));
            await db.SaveChangesAsync(token);
        }, ct);
        db.ChangeTracker.Clear();
    }

    /// <summary>Every demo product with its category, stock and scheduled deliveries, dated from <paramref name="now"/>.</summary>
    internal static List<Product> Build(DateTime now)
    {
        var today = DateOnly.FromDateTime(now);
        var products = new List<Product>();
        var purchaseOrder = 410;
        for (var c = 0; c < DemoCatalog.Categories.Count; c++)
        {
            var spec = DemoCatalog.Categories[c];
            var category = new Category { Name = spec.Name, Slug = spec.Slug, Description = spec.Description, SortOrder = (c + 1) * 10 };
            for (var i = 0; i < spec.Products.Count; i++)
            {
                var p = spec.Products[i];
                // Spread the times of day a little so "newest first" has a stable, believable order.
                var createdAt = DateTime.SpecifyKind(now.Date.AddDays(-p.AgeDays).AddHours(9).AddMinutes(i * 37), DateTimeKind.Utc);
                var product = new Product
                {
                    Sku = p.Sku,
                    Name = p.Name,
                    Slug = Slugify(p.Name),
                    Description = p.Description,
                    Category = category,
                    PriceAmount = p.Price,
                    Currency = "USD",
                    ImageUrl = ImageUrlFor(p.Sku),
                    Status = p.Discontinued ? ProductStatus.Discontinued : ProductStatus.Active,
                    BackorderPolicy = p.Policy,
                    BackorderLimit = p.Policy == BackorderPolicy.AllowedUpTo ? p.BackorderLimit : null,
                    LowStockThreshold = p.LowStockThreshold,
                    ReleaseDate = p.ReleaseInDays is { } release ? today.AddDays(release) : null,
                    RestockDate = p.RestockInDays is { } restock ? today.AddDays(restock) : null,
                    RestockNote = p.RestockNote,
                    CreatedAt = createdAt,
                    UpdatedAt = createdAt,
                    Stock = new Stock { OnHand = p.OnHand },
                };
                foreach (var d in p.Deliveries)
                {
                    // Purchase orders were raised a few days ago, never before the product existed.
                    var ordered = now.AddDays(-3 - purchaseOrder % 5);
                    product.Deliveries.Add(new InboundDelivery
                    {
                        Quantity = d.Quantity,
                        ExpectedDate = today.AddDays(d.InDays),
                        SupplierReference = PurchaseOrderReference(today.Year, purchaseOrder++),
                        Status = DeliveryStatus.Scheduled,
                        CreatedAt = ordered > createdAt ? ordered : createdAt,
                    });
                }
                category.Products.Add(product);
                products.Add(product);
            }
        }
        return products;
    }

    /// <summary>One opening count per product with units on hand, so each product's ledger sums to its on hand.</summary>
    internal static IEnumerable<StockLedgerEntry> OpeningCounts(IEnumerable<Product> products) =>
        products.Where(p => p.Stock is { OnHand: > 0 }).Select(p => new StockLedgerEntry
        {
            ProductId = p.Id,
            Kind = StockChangeKind.InitialCount,
            Quantity = p.Stock!.OnHand,
            Reason = OpeningCountReason,
            Actor = SystemActor,
            CreatedAt = p.CreatedAt,
        });

    internal static string ImageUrlFor(string sku) => $"/media/products/{sku}.svg";

    internal static string PurchaseOrderReference(int year, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"PO-{year}-{number:0000}");

    /// <summary>"Chef's Knife 8-inch" becomes "chefs-knife-8-inch".</summary>
    internal static string Slugify(string name)
    {
        var slug = new StringBuilder(name.Length);
        var pendingHyphen = false;
        foreach (var ch in name.Normalize(NormalizationForm.FormD))
        {
            if (ch is '\'' or '\u2019' || CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            if (char.IsAsciiLetterOrDigit(ch))
            {
                if (pendingHyphen && slug.Length > 0)
                {
                    slug.Append('-');
                }
                slug.Append(char.ToLowerInvariant(ch));
                pendingHyphen = false;
            }
            else
            {
                pendingHyphen = true;
            }
        }
        return slug.ToString();
    }
}
