using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Availability;
using Storefront.Core.Data;
using Storefront.Core.Orders;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Seeding;

/// <summary>The demo seed places a month of realistic orders whose numbers agree with the stock rows.</summary>
public sealed class DemoOrdersSeed : IAsyncLifetime
{
    private StorefrontFactory _app = null!;

    public Task InitializeAsync()
    {
        _app = new StorefrontFactory(new StorefrontOptions { SeedDemoData = true });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheSeed_PlacesAtLeast20PaidOrdersFromTheLastMonth()
    {
        var orders = await _app.WithDbAsync(db => db.Orders.AsNoTracking().Include(o => o.Lines).ToListAsync());
        var now = DateTime.UtcNow;

        Assert.True(orders.Count >= 20, $"only {orders.Count} orders");
        Assert.All(orders, o => Assert.Equal(OrderStatus.Paid, o.Status));
        Assert.All(orders, o => Assert.InRange(o.PlacedAt, now.AddDays(-32), now));
        Assert.All(orders, o => Assert.Equal(o.Lines.Sum(l => l.UnitPriceAmount * l.Quantity) + o.ShippingAmount, o.TotalAmount));
        Assert.True(orders.Select(o => o.Email).Distinct().Count() >= 10);
        Assert.True(orders.Select(o => o.PlacedAt.Date).Distinct().Count() >= 15);
        var payments = await _app.WithDbAsync(db => db.Payments.AsNoTracking().ToListAsync());
        Assert.Equal(orders.Count, payments.Count);
        Assert.All(orders, o => Assert.Equal(o.TotalAmount, payments.Single(p => p.OrderId == o.Id).Amount));
    }

    [Fact]
    public async Task TheSeed_LeavesOpenBackordersQueuedOverSeveralDays()
    {
        var open = await _app.WithDbAsync(db => db.BackorderLines.AsNoTracking().Include(l => l.Order)
            .Where(l => l.Status == BackorderStatus.Open).ToListAsync());
        var byProduct = open.GroupBy(l => l.ProductId).ToList();

        Assert.True(byProduct.Count >= 2, $"open backorders on {byProduct.Count} products");
        Assert.Contains(byProduct, g => g.Count() >= 2 && g.Select(l => l.PlacedAt.Date).Distinct().Count() >= 2);
        Assert.All(open, l => Assert.Equal(l.Order!.PlacedAt, l.PlacedAt));
        Assert.All(open, l => Assert.True(l.CurrentEta > DateOnly.FromDateTime(l.PlacedAt)));
    }

    [Fact]
    public async Task TheSeed_KeepsEveryStockInvariant()
    {
        await _app.WithDbAsync(async db =>
        {
            var lines = await db.OrderLines.AsNoTracking().Include(l => l.Order).Include(l => l.Backorders).ToListAsync();
            Assert.All(lines, l => Assert.Equal(l.Quantity, l.AllocatedQuantity + l.ShippedQuantity + l.BackorderedQuantity + l.CancelledQuantity));
            Assert.All(lines, l => Assert.Equal(l.BackorderedQuantity, l.Backorders.Where(b => b.Status == BackorderStatus.Open).Sum(b => b.Quantity)));
            var ended = new[] { OrderStatus.Shipped, OrderStatus.PaymentFailed, OrderStatus.Expired, OrderStatus.Cancelled };
            var open = await db.BackorderLines.AsNoTracking().Where(b => b.Status == BackorderStatus.Open).ToListAsync();
            var ledger = await db.StockLedger.AsNoTracking().GroupBy(e => e.ProductId).Select(g => new { g.Key, Sum = g.Sum(e => e.Quantity) }).ToDictionaryAsync(x => x.Key, x => x.Sum);
            foreach (var stock in await db.Stock.AsNoTracking().ToListAsync())
            {
                var allocated = lines.Where(l => l.ProductId == stock.ProductId && !ended.Contains(l.Order!.Status)).Sum(l => l.AllocatedQuantity);
                Assert.Equal(allocated, stock.Allocated);
                Assert.Equal(open.Where(b => b.ProductId == stock.ProductId).Sum(b => b.Quantity), stock.Backordered);
                Assert.Equal(ledger.GetValueOrDefault(stock.ProductId), stock.OnHand);
                Assert.InRange(stock.Allocated, 0, stock.OnHand);
                // No shopper took shelf stock while an older backorder waited.
                Assert.False(stock.Backordered > 0 && stock.Allocated > 0, $"product {stock.ProductId} allocated units while backorders wait");
            }
            var products = await db.Products.AsNoTracking().Include(p => p.Stock).ToListAsync();
            foreach (var p in products.Where(p => p.BackorderLimit is not null))
            {
                Assert.InRange(p.Stock!.Backordered, 0, p.BackorderLimit!.Value);
            }
        });
    }

    [Fact]
    public async Task TheSeed_LeavesTheDemoCatalogShowingEveryAvailabilityState()
    {
        await using var scope = _app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StorefrontDbContext>();
        var products = await db.Products.AsNoTracking().Include(p => p.Stock).ToListAsync();
        var states = await scope.ServiceProvider.GetRequiredService<AvailabilityService>().ForProductsAsync(products);
        Assert.Equal(Enum.GetValues<AvailabilityState>().Length, states.Values.Select(s => s.State).Distinct().Count());
    }

    [Fact]
    public async Task SeedingAgain_AddsNothing()
    {
        var before = await _app.WithDbAsync(db => db.Orders.CountAsync());
        await using var scope = _app.CreateScope();
        var seeder = ActivatorUtilities.CreateInstance<Storefront.Core.Data.Seeding.DemoCatalogSeeder>(scope.ServiceProvider);
        await seeder.SeedIfEmptyAsync();
        Assert.Equal(before, await _app.WithDbAsync(db => db.Orders.CountAsync()));
    }
}
