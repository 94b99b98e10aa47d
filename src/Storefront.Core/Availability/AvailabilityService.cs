using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Storefront.Core.Catalog;
using Storefront.Core.Common;
using Storefront.Core.Data;
using Storefront.Core.Etas;
using Storefront.Core.Inventory;

namespace Storefront.Core.Availability;

/// <summary>
/// Decides availability for products. Everything that shows or enforces availability asks it.
/// Loading is batched: one query for any number of products' scheduled deliveries.
/// </summary>
public sealed partial class AvailabilityService(StorefrontDbContext db, TimeProvider clock, IOptions<StoreOptions> options, IOptions<Checkout.CheckoutOptions> checkout, ILogger<AvailabilityService> logger,
    Suppliers.DeliveryDates dates)
{
    private readonly StoreOptions _store = options.Value;

    /// <summary>Units of one product one order may take: the line limit, and what an unpaid checkout may hold (ADR 0015).</summary>
    public int MaxPerOrder { get; } = Math.Min(options.Value.MaxQuantityPerLine, checkout.Value.MaxHeldUnitsPerProduct);

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Evaluates one product whose stock is known, given its scheduled deliveries.</summary>
    /// <remarks>
    /// A product whose stored facts the rules cannot evaluate (a row changed by hand outside the
    /// store's rules) is logged and shown as out of stock with nothing to buy, so it cannot take down
    /// a page that lists many products, nor be sold on a guess (ADR 0013).
    /// </remarks>
    public ProductAvailability Evaluate(Product product, Stock? stock, IReadOnlyList<ScheduledDelivery> deliveries)
    {
        var today = Today;
        try
        {
            return AvailabilityCalculator.Evaluate(Facts(product, stock, deliveries), today, _store.HandlingDays, MaxPerOrder);
        }
        catch (Exception e) when (e is ArgumentException or OverflowException or InvalidOperationException)
        {
            LogUnevaluable(e, product.Id, product.Sku);
            return AvailabilityCalculator.Unavailable(today, _store.HandlingDays);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Availability of product {ProductId} ({Sku}) could not be evaluated from its stored data; it is shown as out of stock")]
    private partial void LogUnevaluable(Exception e, int productId, string sku);

    /// <summary>Loads stock and deliveries for one product (two SQL commands) and evaluates it.</summary>
    public async Task<ProductAvailability?> ForProductAsync(int productId, CancellationToken ct = default)
    {
        var product = await db.Products.AsNoTracking().Include(p => p.Stock).FirstOrDefaultAsync(p => p.Id == productId, ct);
        if (product is null)
        {
            return null;
        }
        var schedules = await SchedulesAsync([productId], ct);
        return Evaluate(product, product.Stock, schedules.GetValueOrDefault(productId, []));
    }

    /// <summary>Evaluates products already loaded with their stock, with one query for their deliveries.</summary>
    public async Task<IReadOnlyDictionary<int, ProductAvailability>> ForProductsAsync(IReadOnlyCollection<Product> products, CancellationToken ct = default) =>
        (await ForProductsWithSchedulesAsync(products, ct)).States;

    /// <summary>The same, with the scheduled deliveries it was evaluated on (for a caller that goes on to place an order).</summary>
    public async Task<(IReadOnlyDictionary<int, ProductAvailability> States, Dictionary<int, IReadOnlyList<ScheduledDelivery>> Schedules)> ForProductsWithSchedulesAsync(
        IReadOnlyCollection<Product> products, CancellationToken ct = default)
    {
        var schedules = await SchedulesAsync(products.Select(p => p.Id).ToArray(), ct);
        return (products.ToDictionary(p => p.Id, p => Evaluate(p, p.Stock, schedules.GetValueOrDefault(p.Id, []))), schedules);
    }

    /// <summary>
    /// Up to this many product ids go to the database as one SQL parameter each (EF pads the count, so a
    /// page's query keeps one plan); a longer list goes as a single array parameter, because SQL Server
    /// accepts at most 2,100 parameters and the staff dashboard asks for thousands of products.
    /// </summary>
    public const int ListedIdLimit = 100;

    /// <summary>Scheduled deliveries of the given products, in one SQL command however many there are.</summary>
    public async Task<Dictionary<int, IReadOnlyList<ScheduledDelivery>>> SchedulesAsync(int[] productIds, CancellationToken ct = default) =>
        productIds.Length == 0 ? []
        : productIds.Length <= ListedIdLimit ? await SchedulesWhereAsync(d => productIds.Contains(d.ProductId), ct)
        : await SchedulesWhereAsync(d => EF.Parameter(productIds).Contains(d.ProductId), ct);

    private async Task<Dictionary<int, IReadOnlyList<ScheduledDelivery>>> SchedulesWhereAsync(Expression<Func<InboundDelivery, bool>> ofProducts, CancellationToken ct)
    {
        var rows = await dates.ScheduledWhereAsync(ofProducts, ct);
        var byProduct = new Dictionary<int, IReadOnlyList<ScheduledDelivery>>();
        foreach (var r in rows)
        {
            if (!byProduct.TryGetValue(r.ProductId, out var list))
            {
                byProduct[r.ProductId] = list = new List<ScheduledDelivery>(1);
            }
            ((List<ScheduledDelivery>)list).Add(new ScheduledDelivery(r.ExpectedDate, r.Outstanding));
        }
        return byProduct;
    }

    public static AvailabilityFacts Facts(Product p, Stock? s, IReadOnlyList<ScheduledDelivery> deliveries) => new(
        p.Status, p.BackorderPolicy, p.BackorderLimit, p.LowStockThreshold, p.ReleaseDate, p.RestockDate,
        s?.OnHand ?? 0, s?.Allocated ?? 0, s?.Backordered ?? 0, deliveries);
}
