using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Inventory;
using Storefront.Core.Orders;

namespace Storefront.Tests.Inventory;

/// <summary>Stock arriving goes to the backorder queue, oldest order first, before new shoppers.</summary>
public sealed class ReceivingFillsOldestFirst(StorefrontHost host) : InventoryTestBase(host)
{
    [Fact]
    public async Task ReceivingFillsOlderOrdersFirstAndSplitsThePartlyCoveredLine()
    {
        var product = await App.Data().Product("RCV-1").OutOfStock().Backorderable().WithDelivery(Today.AddDays(10), 10).SaveAsync();
        var first = await PlacePaidOrderAsync(product.Id, 3);
        var second = await PlacePaidOrderAsync(product.Id, 4);
        var third = await PlacePaidOrderAsync(product.Id, 2);
        var deliveryId = await DeliveryIdAsync(product.Id, Today.AddDays(10));

        var outcome = await WithAsync(s => s.GetRequiredService<Receiving>().ReceiveDeliveryAsync(deliveryId, 5, "clerk@example.test"));

        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
        Assert.Equal([(first.Number, 3), (second.Number, 2)], outcome.Result!.Filled.Select(f => (f.OrderNumber, f.Quantity)).ToArray());
        var lines = await BackorderLinesAsync(product.Id);
        Assert.Equal((BackorderStatus.Filled, 0, 3), (lines[0].Status, lines[0].Quantity, lines[0].FilledQuantity));
        Assert.Equal((BackorderStatus.Open, 2, 2), (lines[1].Status, lines[1].Quantity, lines[1].FilledQuantity));
        Assert.Equal((BackorderStatus.Open, 2, 0), (lines[2].Status, lines[2].Quantity, lines[2].FilledQuantity));
        Assert.Equal(third.Id, lines[2].OrderId);
        var stock = await StockAsync(product.Id);
        Assert.Equal((5, 5, 4), (stock.OnHand, stock.Allocated, stock.Backordered));
        Assert.Equal(0, outcome.Result.Stock.Available);
        await App.WithDbAsync(db => AssertInvariantsAsync(db, product.Id));
    }

    [Fact]
    public async Task UnitsLeftAfterTheQueueIsServedBecomeAvailable()
    {
        var product = await App.Data().Product("RCV-2").OutOfStock().Backorderable().WithDelivery(Today.AddDays(5), 20).SaveAsync();
        var order = await PlacePaidOrderAsync(product.Id, 3);
        var deliveryId = await DeliveryIdAsync(product.Id, Today.AddDays(5));

        var outcome = await WithAsync(s => s.GetRequiredService<Receiving>().ReceiveDeliveryAsync(deliveryId, 20, "clerk"));

        Assert.Equal([(order.Number, 3)], outcome.Result!.Filled.Select(f => (f.OrderNumber, f.Quantity)).ToArray());
        Assert.Equal(17, outcome.Result.Stock.Available);
        Assert.Equal(0, outcome.Result.DeliveryOutstanding);
        var delivery = await App.WithDbAsync(db => db.InboundDeliveries.AsNoTracking().SingleAsync(d => d.Id == deliveryId));
        Assert.Equal(DeliveryStatus.Received, delivery.Status);
        Assert.NotNull(delivery.ReceivedAt);
        await App.WithDbAsync(db => AssertInvariantsAsync(db, product.Id));
    }

    [Fact]
    public async Task PartialDeliveryReceiptKeepsTheRestOutstanding()
    {
        var product = await App.Data().Product("RCV-3").OutOfStock().Backorderable().WithDelivery(Today.AddDays(5), 10).SaveAsync();
        var deliveryId = await DeliveryIdAsync(product.Id, Today.AddDays(5));

        var outcome = await WithAsync(s => s.GetRequiredService<Receiving>().ReceiveDeliveryAsync(deliveryId, 4, "clerk"));

        Assert.Equal(6, outcome.Result!.DeliveryOutstanding);
        var delivery = await App.WithDbAsync(db => db.InboundDeliveries.AsNoTracking().SingleAsync(d => d.Id == deliveryId));
        Assert.Equal((DeliveryStatus.Scheduled, 4, 6), (delivery.Status, delivery.ReceivedQuantity, delivery.Outstanding));
        var ledger = await App.WithDbAsync(db => db.StockLedger.AsNoTracking().SingleAsync(e => e.ProductId == product.Id));
        Assert.Equal((StockChangeKind.Receipt, 4, deliveryId, "clerk"), (ledger.Kind, ledger.Quantity, ledger.DeliveryId, ledger.Actor));

        var rest = await WithAsync(s => s.GetRequiredService<Receiving>().ReceiveDeliveryAsync(deliveryId, 6, "clerk"));
        Assert.True(rest.Succeeded);
        Assert.Equal(DeliveryStatus.Received, await App.WithDbAsync(db => db.InboundDeliveries.Where(d => d.Id == deliveryId).Select(d => d.Status).SingleAsync()));
    }

    [Fact]
    public async Task ReceivingMoreThanIsOutstandingIsRefusedAndChangesNothing()
    {
        var product = await App.Data().Product("RCV-4").OutOfStock().Backorderable().WithDelivery(Today.AddDays(5), 10).SaveAsync();
        var deliveryId = await DeliveryIdAsync(product.Id, Today.AddDays(5));

        var outcome = await WithAsync(s => s.GetRequiredService<Receiving>().ReceiveDeliveryAsync(deliveryId, 11, "clerk"));

        Assert.False(outcome.Succeeded);
        Assert.Contains("Only 10 units", outcome.Errors[0], StringComparison.Ordinal);
        Assert.Equal(0, (await StockAsync(product.Id)).OnHand);
    }
}
