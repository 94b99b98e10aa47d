using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Storefront.Core.Checkout;
using Storefront.Core.Data;
using Storefront.Core.Inventory;
using Storefront.Core.Orders;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Inventory;

/// <summary>
/// A store on a fake clock (1 March 2027, 09:00 UTC, 2 handling days) with helpers that create
/// backorders the way shoppers do: OrderPlacement, then payment confirmed. One app for the class,
/// emptied for every test.
/// </summary>
public abstract class InventoryTestBase(StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    protected static readonly DateOnly Today = new(2027, 3, 1);

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));

    protected StorefrontFactory App { get; private set; } = null!;

    /// <summary>How the class's app is hosted (asked once, for its first test).</summary>
    protected virtual Task<StorefrontOptions> OptionsAsync() => Task.FromResult(new StorefrontOptions());

    public virtual async Task InitializeAsync() => App = await host.AppForTestAsync(OptionsAsync, Clock);

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Places and pays an order for one product; the clock moves a minute first so orders queue in the order they are placed.</summary>
    protected async Task<Order> PlacePaidOrderAsync(int productId, int quantity, string? email = null)
    {
        Clock.Advance(TimeSpan.FromMinutes(1));
        var order = await PlaceAsync(productId, quantity, email);
        await using var scope = App.CreateScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<OrderHolds>().ConfirmPaidAsync(order.Id));
        return order;
    }

    protected async Task<Order> PlaceAsync(int productId, int quantity, string? email = null)
    {
        await using var scope = App.CreateScope();
        var placement = scope.ServiceProvider.GetRequiredService<OrderPlacement>();
        var result = await placement.PlaceAsync(new PlaceOrderRequest(
            Guid.NewGuid().ToString("N"), email ?? $"customer-{Guid.NewGuid():N}@example.test", null,
            new ShippingAddress("A Customer", "1 High Street", null, "Springfield", "12345", "US"),
            [new OrderLineRequest(productId, quantity)], BackorderTermsAccepted: true));
        Assert.True(result.Outcome == PlaceOrderOutcome.Placed, string.Join("; ", result.Errors));
        return result.Order!;
    }

    protected async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = App.CreateScope();
        return await work(scope.ServiceProvider);
    }

    protected Task<List<BackorderLine>> BackorderLinesAsync(int productId) =>
        App.WithDbAsync(db => db.BackorderLines.AsNoTracking().Include(l => l.EtaChanges).Include(l => l.Order)
            .Where(l => l.ProductId == productId).OrderBy(l => l.PlacedAt).ThenBy(l => l.Id).ToListAsync());

    protected Task<Stock> StockAsync(int productId) =>
        App.WithDbAsync(db => db.Stock.AsNoTracking().SingleAsync(s => s.ProductId == productId));

    protected Task<int> DeliveryIdAsync(int productId, DateOnly date) =>
        App.WithDbAsync(db => db.InboundDeliveries.Where(d => d.ProductId == productId && d.ExpectedDate == date).Select(d => d.Id).SingleAsync());

    /// <summary>The invariants of DESIGN.md for one product.</summary>
    protected static async Task AssertInvariantsAsync(StorefrontDbContext db, int productId)
    {
        var stock = await db.Stock.AsNoTracking().SingleAsync(s => s.ProductId == productId);
        var live = new[] { OrderStatus.PendingPayment, OrderStatus.Paid, OrderStatus.PartiallyShipped };
        var lines = await db.OrderLines.AsNoTracking().Where(l => l.ProductId == productId && live.Contains(l.Order!.Status)).ToListAsync();
        Assert.Equal(lines.Sum(l => l.AllocatedQuantity), stock.Allocated);
        var open = await db.BackorderLines.AsNoTracking().Where(b => b.ProductId == productId && b.Status == BackorderStatus.Open).SumAsync(b => b.Quantity);
        Assert.Equal(open, stock.Backordered);
        Assert.Equal(lines.Sum(l => l.BackorderedQuantity), stock.Backordered);
        Assert.True(stock.OnHand >= stock.Allocated, $"on hand {stock.OnHand} < allocated {stock.Allocated}");
        var ledger = await db.StockLedger.AsNoTracking().Where(e => e.ProductId == productId).SumAsync(e => e.Quantity);
        Assert.Equal(stock.OnHand, ledger);
        var all = await db.OrderLines.AsNoTracking().Where(l => l.ProductId == productId).ToListAsync();
        Assert.All(all, l => Assert.Equal(l.Quantity, l.AllocatedQuantity + l.ShippedQuantity + l.BackorderedQuantity + l.CancelledQuantity));
    }
}
