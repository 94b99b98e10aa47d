using Microsoft.EntityFrameworkCore;
using Storefront.Core.Inventory;
using Storefront.Core.Orders;
using Storefront.Core.Shipping;
using Storefront.Tests.Checkout;

namespace Storefront.Tests.Orders;

/// <summary>Shipping allocated units: stock, ledger, order lines, shipments and order status move together, or nothing moves.</summary>
public sealed class ShippingOrders(StorefrontHost host) : CheckoutTestBase(host)
{
    [Fact]
    public async Task ShippingPartThenTheRest_GoesPartiallyShippedThenShipped_AndOnHandAllocatedAndLedgerFall()
    {
        var lamp = await Data.Product("SHIP-1").OnHand(10).SaveAsync();
        var desk = await Data.Product("SHIP-2").OnHand(4).SaveAsync();
        var order = await OrderScenario.PlacePaidAsync(App, (lamp.Id, 3), (desk.Id, 2));
        var lampLine = order.Lines.Single(l => l.ProductId == lamp.Id);
        var deskLine = order.Lines.Single(l => l.ProductId == desk.Id);

        var first = await OrderScenario.ShipAsync(App, order.Id, [new(lampLine.Id, 2)]);

        Assert.Equal(ShipOutcome.Shipped, first.Outcome);
        var afterFirst = await OrderScenario.LoadAsync(App, order.Id);
        Assert.Equal(OrderStatus.PartiallyShipped, afterFirst.Status);
        var lampStock = await OrderScenario.StockAsync(App, lamp.Id);
        Assert.Equal((8, 1), (lampStock.OnHand, lampStock.Allocated));

        var second = await OrderScenario.ShipAsync(App, order.Id, [new(lampLine.Id, 1), new(deskLine.Id, 2)], carrier: "DHL", tracking: "JD0002");

        Assert.Equal(ShipOutcome.Shipped, second.Outcome);
        var shipped = await OrderScenario.LoadAsync(App, order.Id);
        Assert.Equal(OrderStatus.Shipped, shipped.Status);
        Assert.All(shipped.Lines, l => Assert.Equal((l.Quantity, 0), (l.ShippedQuantity, l.AllocatedQuantity)));
        lampStock = await OrderScenario.StockAsync(App, lamp.Id);
        var deskStock = await OrderScenario.StockAsync(App, desk.Id);
        Assert.Equal((7, 0), (lampStock.OnHand, lampStock.Allocated));
        Assert.Equal((2, 0), (deskStock.OnHand, deskStock.Allocated));
        await App.WithDbAsync(async db =>
        {
            var ledger = await db.StockLedger.AsNoTracking().Where(e => e.Kind == StockChangeKind.Shipment).OrderBy(e => e.Id).ToListAsync();
            Assert.Equal([(lamp.Id, -2), (lamp.Id, -1), (desk.Id, -2)], ledger.Select(e => (e.ProductId, e.Quantity)));
            Assert.All(ledger, e =>
            {
                Assert.Equal($"Shipped in order {order.Number}", e.Reason);
                Assert.Equal("staff@example.test", e.Actor);
                Assert.Equal(order.Id, e.OrderId);
            });
            foreach (var id in new[] { lamp.Id, desk.Id })
            {
                Assert.Equal((await db.Stock.SingleAsync(s => s.ProductId == id)).OnHand, await db.StockLedger.Where(e => e.ProductId == id).SumAsync(e => e.Quantity));
            }
            var shipments = await db.Shipments.AsNoTracking().Include(s => s.Lines).OrderBy(s => s.Id).ToListAsync();
            Assert.Equal(2, shipments.Count);
            Assert.Equal(("DHL", "JD0002", "staff@example.test"), (shipments[1].Carrier, shipments[1].TrackingNumber, shipments[1].ShippedBy));
            Assert.Equal(5, shipments.SelectMany(s => s.Lines).Sum(l => l.Quantity));
        });
    }

    [Fact]
    public async Task ShippingEverythingAllocated_LeavesABackorderedOrderPartiallyShipped_UntilTheFilledUnitsShip()
    {
        var chair = await Data.Product("SHIP-3").OnHand(2).Backorderable().RestockExpected(Today.AddDays(10)).SaveAsync();
        // The shopper chose split: the two on the shelf may leave before the rest.
        var order = await OrderScenario.PlacePaidAsync(App, ShippingChoice.Split, (chair.Id, 5));

        var now = await OrderScenario.ShipAsync(App, order.Id);

        Assert.Equal(ShipOutcome.Shipped, now.Outcome);
        Assert.Equal(OrderStatus.PartiallyShipped, (await OrderScenario.LoadAsync(App, order.Id)).Status);

        Clock.Advance(TimeSpan.FromDays(5));
        await OrderScenario.ReceiveAsync(App, chair.Id, 3);
        var filled = await OrderScenario.LoadAsync(App, order.Id);
        Assert.Equal(BackorderStatus.Filled, filled.Lines[0].Backorders[0].Status);
        Assert.Null(filled.Lines[0].Backorders[0].ShippedAt);

        var rest = await OrderScenario.ShipAsync(App, order.Id);

        Assert.Equal(ShipOutcome.Shipped, rest.Outcome);
        var done = await OrderScenario.LoadAsync(App, order.Id);
        Assert.Equal(OrderStatus.Shipped, done.Status);
        Assert.Equal(Clock.GetUtcNow().UtcDateTime, done.Lines[0].Backorders[0].ShippedAt);
        var stock = await OrderScenario.StockAsync(App, chair.Id);
        Assert.Equal((0, 0, 0), (stock.OnHand, stock.Allocated, stock.Backordered));
    }

    [Fact]
    public async Task ShippingMoreThanIsAllocated_IsRefusedWithTheNumbers_AndNothingChanges()
    {
        var lamp = await Data.Product("SHIP-4").OnHand(10).SaveAsync();
        var order = await OrderScenario.PlacePaidAsync(App, (lamp.Id, 3));
        var before = await SnapshotAsync();

        var result = await OrderScenario.ShipAsync(App, order.Id, [new(order.Lines[0].Id, 4)]);

        Assert.Equal(ShipOutcome.Invalid, result.Outcome);
        Assert.Equal("SHIP-4: only 3 allocated unit(s) can ship, not 4.", Assert.Single(result.Errors));
        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal(0, await App.WithDbAsync(db => db.Shipments.CountAsync()));
        Assert.Equal(OrderStatus.Paid, (await OrderScenario.LoadAsync(App, order.Id)).Status);
    }

    [Fact]
    public async Task BackorderedUnitsCannotShip_TheErrorSaysTheyWaitForStock_AndNothingChanges()
    {
        var desk = await Data.Product("SHIP-5").OutOfStock().Backorderable().RestockExpected(Today.AddDays(10)).SaveAsync();
        var lamp = await Data.Product("SHIP-6").OnHand(5).SaveAsync();
        var order = await OrderScenario.PlacePaidAsync(App, (desk.Id, 2), (lamp.Id, 1));
        var deskLine = order.Lines.Single(l => l.ProductId == desk.Id);
        var lampLine = order.Lines.Single(l => l.ProductId == lamp.Id);
        var before = await SnapshotAsync();

        var result = await OrderScenario.ShipAsync(App, order.Id, [new(deskLine.Id, 1), new(lampLine.Id, 1)]);

        Assert.Equal(ShipOutcome.Invalid, result.Outcome);
        Assert.Equal("SHIP-5: no units are allocated, so none can ship (2 backordered unit(s) ship once stock arrives).", Assert.Single(result.Errors));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task AnUnpaidOrderCannotShip_AndNothingChanges()
    {
        var lamp = await Data.Product("SHIP-7").OnHand(5).SaveAsync();
        var order = await OrderScenario.PlaceAsync(App, (lamp.Id, 1));
        var before = await SnapshotAsync();

        var result = await OrderScenario.ShipAsync(App, order.Id);

        Assert.Equal(ShipOutcome.Invalid, result.Outcome);
        Assert.Equal($"Order {order.Number} is not paid yet; only paid orders ship.", Assert.Single(result.Errors));
        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal(0, await App.WithDbAsync(db => db.Shipments.CountAsync()));
    }

    [Theory]
    [InlineData("", "1Z1", "Please enter the carrier.")]
    [InlineData("UPS", " ", "Please enter the tracking number.")]
    [InlineData("A carrier name that is far longer than fifty characters", "1Z1", "The carrier can be at most 50 characters.")]
    public async Task CarrierAndTrackingNumberAreRequired(string carrier, string tracking, string error)
    {
        var lamp = await Data.Product("SHIP-8").OnHand(5).SaveAsync();
        var order = await OrderScenario.PlacePaidAsync(App, (lamp.Id, 1));

        var result = await OrderScenario.ShipAsync(App, order.Id, carrier: carrier, tracking: tracking);

        Assert.Equal(ShipOutcome.Invalid, result.Outcome);
        Assert.Equal(error, Assert.Single(result.Errors));
        Assert.Equal(1, (await OrderScenario.StockAsync(App, lamp.Id)).Allocated);
    }

    [Fact]
    public async Task SubmittingTheSameShipFormTwice_ShipsOnce()
    {
        var lamp = await Data.Product("SHIP-9").OnHand(10).SaveAsync();
        var order = await OrderScenario.PlacePaidAsync(App, (lamp.Id, 4));
        var key = ShippingService.NewShipmentKey();
        ShipLineRequest[] lines = [new(order.Lines[0].Id, 2)];

        var first = await OrderScenario.ShipAsync(App, order.Id, lines, key);
        var again = await OrderScenario.ShipAsync(App, order.Id, lines, key);

        Assert.Equal(ShipOutcome.Shipped, first.Outcome);
        Assert.Equal(ShipOutcome.AlreadyShipped, again.Outcome);
        Assert.Equal(first.Shipment!.Id, again.Shipment!.Id);
        Assert.Equal((8, 2), await App.WithDbAsync(async db =>
        {
            var s = await db.Stock.SingleAsync(s => s.ProductId == lamp.Id);
            return (s.OnHand, s.Allocated);
        }));
    }

    [Fact]
    public async Task TheSameShipFormSubmittedFiveTimesAtOnce_ShipsOnce()
    {
        var lamp = await Data.Product("SHIP-10").OnHand(10).SaveAsync();
        var order = await OrderScenario.PlacePaidAsync(App, (lamp.Id, 5));
        var key = ShippingService.NewShipmentKey();
        ShipLineRequest[] lines = [new(order.Lines[0].Id, 1)];

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => OrderScenario.ShipAsync(App, order.Id, lines, key))));

        Assert.Single(results, r => r.Outcome == ShipOutcome.Shipped);
        Assert.All(results, r => Assert.True(r.Succeeded));
        await App.WithDbAsync(async db =>
        {
            Assert.Equal(1, await db.Shipments.CountAsync());
            Assert.Equal(1, (await db.OrderLines.SingleAsync()).ShippedQuantity);
            Assert.Equal(9, (await db.Stock.SingleAsync(s => s.ProductId == lamp.Id)).OnHand);
            Assert.Equal(1, await db.StockLedger.CountAsync(e => e.Kind == StockChangeKind.Shipment));
        });
    }
}
