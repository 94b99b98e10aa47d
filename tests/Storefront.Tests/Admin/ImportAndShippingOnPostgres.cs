using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Storefront.Core.Catalog;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;
using Storefront.Core.Shipping;
using Storefront.Tests.Infrastructure;
using Storefront.Tests.Orders;

namespace Storefront.Tests.Admin;

/// <summary>The product import and bulk shipping on a real PostgreSQL server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ImportAndShippingOnPostgres(PostgresServer postgres, StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    private static readonly DateOnly Today = new(2027, 3, 1);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private StorefrontFactory _app = null!;

    public async Task InitializeAsync()
    {
        if (TestEnvironment.PostgresUnavailableReason is null)
        {
            _app = await host.AppForTestAsync(async () => new StorefrontOptions { PostgresConnectionString = await postgres.CreateDatabaseAsync() }, _clock);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<ImportReport> ApplyAsync(string csv)
    {
        await using var scope = _app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ProductImport>().ApplyAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "pg.csv", "clerk@storefront.test");
    }

    [PostgresFact]
    public async Task AnImportIsIdempotent_AndItsStockFillsTheOldestBackorderFirst()
    {
        var lamp = await _app.Data().Product("PG-IMP-1").Named("Queue Lamp").OnHand(0).Backorderable().RestockExpected(Today.AddDays(10)).SaveAsync();
        var older = await OrderScenario.PlacePaidAsync(_app, (lamp.Id, 2));
        _clock.Advance(TimeSpan.FromMinutes(5));
        var newer = await OrderScenario.PlacePaidAsync(_app, (lamp.Id, 2));
        var csv = "sku,name,category,price,on_hand\nPG-IMP-1,Queue Lamp,Lighting,12.00,3\nPG-IMP-2,Mug,Kitchen,5.00,10\n";

        var first = await ApplyAsync(csv);
        var second = await ApplyAsync(csv);

        Assert.Empty(first.Problems);
        Assert.Equal(2, first.Changed);
        Assert.Equal(0, second.Changed);
        Assert.Equal((2, 0), ((await OrderScenario.LoadAsync(_app, older.Id)).Lines[0].AllocatedQuantity, (await OrderScenario.LoadAsync(_app, older.Id)).Lines[0].BackorderedQuantity));
        Assert.Equal((1, 1), ((await OrderScenario.LoadAsync(_app, newer.Id)).Lines[0].AllocatedQuantity, (await OrderScenario.LoadAsync(_app, newer.Id)).Lines[0].BackorderedQuantity));
        await _app.WithDbAsync(async db =>
        {
            Assert.Equal(2, await db.StockLedger.CountAsync(e => e.Reason == "Import pg.csv"));
            Assert.Equal(1200, await db.Products.Where(p => p.Sku == "PG-IMP-1").Select(p => p.PriceAmount).SingleAsync());
        });
    }

    [PostgresFact]
    public async Task BulkShipping_ShipsTheReadyOrders_AndReportsTheOtherOne()
    {
        var mug = await _app.Data().Product("PG-RTS-1").OnHand(5).Backorderable().RestockExpected(Today.AddDays(10)).SaveAsync();
        var ready = await OrderScenario.PlacePaidAsync(_app, (mug.Id, 2));
        _clock.Advance(TimeSpan.FromMinutes(1));
        var alsoReady = await OrderScenario.PlacePaidAsync(_app, (mug.Id, 3));
        _clock.Advance(TimeSpan.FromMinutes(1));
        var waiting = await OrderScenario.PlacePaidAsync(_app, ShippingChoice.Together, (mug.Id, 1));

        await using var scope = _app.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<ReadyToShip>();
        var page = await service.PageAsync(1);
        var results = await service.ShipAsync(
            [new(ready.Id, ShippingService.NewShipmentKey(), "1ZA"), new(waiting.Id, ShippingService.NewShipmentKey(), "1ZB"), new(alsoReady.Id, ShippingService.NewShipmentKey(), "1ZC")],
            "DHL", "clerk@storefront.test");

        Assert.Equal([ready.Number, alsoReady.Number], page.Orders.Select(o => o.Number));
        Assert.Equal([true, false, true], results.Select(r => r.Result.Succeeded));
        Assert.Equal(2, await _app.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == MessageKinds.Shipped)));
        Assert.Equal(0, (await service.PageAsync(1)).Total);
    }
}
