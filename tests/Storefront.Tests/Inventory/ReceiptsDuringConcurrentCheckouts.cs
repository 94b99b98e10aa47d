using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Inventory;
using Storefront.Core.Orders;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Inventory;

/// <summary>
/// 40 backordered units wait across 20 older orders; 30 units arrive while 100 shoppers check out
/// one unit each. The 30 oldest backordered units are filled and no new order gets stock while an
/// older backorder is still waiting.
/// </summary>
public abstract class ReceiptsDuringConcurrentCheckouts(StorefrontHost host) : InventoryTestBase(host)
{
    protected async Task ReceiveThirtyWhileHundredCheckOut()
    {
        var product = await App.Data().Product("RACE-1").OutOfStock().Backorderable()
            .WithDelivery(Today.AddDays(7), 30).RestockExpected(Today.AddDays(30)).SaveAsync();
        var older = new List<Order>();
        for (var i = 0; i < 20; i++)
        {
            older.Add(await PlacePaidOrderAsync(product.Id, 2));
        }
        var deliveryId = await DeliveryIdAsync(product.Id, Today.AddDays(7));
        Clock.Advance(TimeSpan.FromHours(1));

        using var start = new SemaphoreSlim(0);
        var checkouts = Enumerable.Range(0, 100).Select(async _ =>
        {
            await start.WaitAsync();
            return await PlaceAsync(product.Id, 1);
        }).ToList();
        var receipt = Task.Run(async () =>
        {
            await start.WaitAsync();
            return await WithAsync(s => s.GetRequiredService<Receiving>().ReceiveDeliveryAsync(deliveryId, 30, "clerk"));
        });
        start.Release(101);
        var placed = await Task.WhenAll(checkouts);
        var outcome = await receipt;

        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
        Assert.Equal(older.Take(15).Select(o => (o.Number, 2)), outcome.Result!.Filled.Select(f => (f.OrderNumber, f.Quantity)));
        await App.WithDbAsync(async db =>
        {
            var lines = await db.OrderLines.AsNoTracking().Where(l => l.ProductId == product.Id).ToDictionaryAsync(l => l.OrderId);
            foreach (var order in older.Take(15))
            {
                Assert.Equal((2, 0), (lines[order.Id].AllocatedQuantity, lines[order.Id].BackorderedQuantity));
            }
            foreach (var order in older.Skip(15))
            {
                Assert.Equal((0, 2), (lines[order.Id].AllocatedQuantity, lines[order.Id].BackorderedQuantity));
            }
            // Older backorders were still waiting throughout, so no new shopper got a unit from the shelf.
            Assert.All(placed, o => Assert.Equal((0, 1), (lines[o.Id].AllocatedQuantity, lines[o.Id].BackorderedQuantity)));
            var stock = await db.Stock.AsNoTracking().SingleAsync(s => s.ProductId == product.Id);
            Assert.Equal((30, 30, 110), (stock.OnHand, stock.Allocated, stock.Backordered));
            await AssertInvariantsAsync(db, product.Id);
        });
    }
}

public sealed class ReceiptsDuringConcurrentCheckoutsOnSqlite(StorefrontHost host) : ReceiptsDuringConcurrentCheckouts(host)
{
    [Fact]
    public Task ReceivingThirtyWhileHundredShoppersCheckOut_FillsTheThirtyOldestBackorderedUnitsFirst() => ReceiveThirtyWhileHundredCheckOut();
}

[Collection(PostgresCollection.Name)]
public sealed class ReceiptsDuringConcurrentCheckoutsOnPostgres(PostgresServer postgres, StorefrontHost host) : ReceiptsDuringConcurrentCheckouts(host)
{
    [PostgresFact]
    public Task ReceivingThirtyWhileHundredShoppersCheckOut_FillsTheThirtyOldestBackorderedUnitsFirst() => ReceiveThirtyWhileHundredCheckOut();

    protected override async Task<StorefrontOptions> OptionsAsync()
    {
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync()) { MaxPoolSize = 40 }.ConnectionString;
        return new StorefrontOptions { PostgresConnectionString = connection };
    }
}
