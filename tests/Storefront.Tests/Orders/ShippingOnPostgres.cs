using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Storefront.Core.Inventory;
using Storefront.Core.Orders;
using Storefront.Core.Reports;
using Storefront.Core.Shipping;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Orders;

/// <summary>Shipping and the dashboard's queries on a real PostgreSQL server, where concurrent writers really overlap.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ShippingOnPostgres(PostgresServer postgres, StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    private static readonly DateOnly Today = new(2027, 3, 1);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private StorefrontFactory _app = null!;

    public async Task InitializeAsync()
    {
        if (TestEnvironment.PostgresUnavailableReason is null)
        {
            // One database and app for the class, emptied for every test.
            _app = await host.AppForTestAsync(async () => new StorefrontOptions { PostgresConnectionString = await postgres.CreateDatabaseAsync() }, _clock);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [PostgresFact]
    public async Task TheSameShipFormSubmittedEightTimesAtOnce_ShipsOnce()
    {
        var lamp = await _app.Data().Product("PG-SHIP-1").OnHand(10).SaveAsync();
        var order = await OrderScenario.PlacePaidAsync(_app, (lamp.Id, 6));
        var key = ShippingService.NewShipmentKey();
        ShipLineRequest[] lines = [new(order.Lines[0].Id, 2)];

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => OrderScenario.ShipAsync(_app, order.Id, lines, key))));

        Assert.Single(results, r => r.Outcome == ShipOutcome.Shipped);
        Assert.All(results, r => Assert.True(r.Succeeded, string.Join("; ", r.Errors)));
        await _app.WithDbAsync(async db =>
        {
            Assert.Equal(1, await db.Shipments.CountAsync());
            var stock = await db.Stock.SingleAsync(s => s.ProductId == lamp.Id);
            Assert.Equal((8, 4), (stock.OnHand, stock.Allocated));
            Assert.Equal(stock.OnHand, await db.StockLedger.Where(e => e.ProductId == lamp.Id).SumAsync(e => e.Quantity));
        });
    }

    [PostgresFact]
    public async Task DifferentShipFormsForTheSameUnitsAtOnce_NeverShipMoreThanIsAllocated()
    {
        var lamp = await _app.Data().Product("PG-SHIP-2").OnHand(10).SaveAsync();
        var order = await OrderScenario.PlacePaidAsync(_app, (lamp.Id, 3));
        ShipLineRequest[] lines = [new(order.Lines[0].Id, 1)];

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => OrderScenario.ShipAsync(_app, order.Id, lines))));

        Assert.Equal(3, results.Count(r => r.Outcome == ShipOutcome.Shipped));
        Assert.Equal(5, results.Count(r => r.Outcome == ShipOutcome.Invalid));
        var shipped = await OrderScenario.LoadAsync(_app, order.Id);
        Assert.Equal((OrderStatus.Shipped, 3, 0), (shipped.Status, shipped.Lines[0].ShippedQuantity, shipped.Lines[0].AllocatedQuantity));
        var stock = await OrderScenario.StockAsync(_app, lamp.Id);
        Assert.Equal((7, 0), (stock.OnHand, stock.Allocated));
    }

    [PostgresFact]
    public async Task TheDashboardQueries_RunOnPostgres()
    {
        var desk = await _app.Data().Product("PG-DASH-1").Priced(1000).OutOfStock().Backorderable().RestockExpected(Today.AddDays(30)).SaveAsync();
        var first = await OrderScenario.PlacePaidAsync(_app, (desk.Id, 1));
        _clock.Advance(TimeSpan.FromDays(10));
        await OrderScenario.PlacePaidAsync(_app, (desk.Id, 2));
        await OrderScenario.ReceiveAsync(_app, desk.Id, 1);
        Assert.Equal(ShipOutcome.Shipped, (await OrderScenario.ShipAsync(_app, first.Id)).Outcome);

        await using var scope = _app.CreateScope();
        var dashboard = await scope.ServiceProvider.GetRequiredService<DashboardReport>().LoadAsync();

        Assert.Equal(("PG-DASH-1", 2, 2000L), dashboard.Backordered.Select(b => (b.Sku, b.Units, b.ValueAmount)).Single());
        Assert.Equal([1, 0, 0, 0, 0], dashboard.Ages.Select(a => a.Lines));
        Assert.Equal("PG-DASH-1", Assert.Single(dashboard.Stock.OnBackorder).Sku);
        Assert.Equal((1, 0, 0), (dashboard.EtaAccuracy.OnTime, dashboard.EtaAccuracy.Late, dashboard.EtaAccuracy.Pending));
        Assert.Equal(StockChangeKind.Shipment, await scope.ServiceProvider.GetRequiredService<Core.Data.StorefrontDbContext>()
            .StockLedger.OrderBy(e => e.Id).Select(e => e.Kind).LastAsync());
    }
}
