using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Inventory;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Inventory;

/// <summary>
/// Staff pin a backorder line to the front of its queue or hold it aside (ADR 0021). Four customers
/// each wait for one unit, in order A, B, C, D; 3 units come on day 10 and 10 on day 20, so A-C are
/// promised day 12 and D day 22 (2 handling days).
/// </summary>
public sealed class PinAndHold(StorefrontHost host) : InventoryTestBase(host), IClassFixture<StorefrontHost>
{
    private async Task<(int ProductId, Order[] Orders)> QueueAsync()
    {
        var product = await App.Data().Product("PIN-1").OutOfStock().Backorderable()
            .WithDelivery(Today.AddDays(10), 3).WithDelivery(Today.AddDays(20), 10).SaveAsync();
        var orders = new Order[4];
        for (var i = 0; i < 4; i++)
        {
            orders[i] = await PlacePaidOrderAsync(product.Id, 1, $"customer-{(char)('a' + i)}@example.test");
        }
        return (product.Id, orders);
    }

    private async Task<int> LineIdAsync(Order order) =>
        await App.WithDbAsync(db => db.BackorderLines.Where(b => b.OrderId == order.Id).Select(b => b.Id).SingleAsync());

    private Task<QueueControlOutcome> MoveAsync(int lineId, QueueMove move, string? reason = "Replacement for a broken unit") =>
        WithAsync(sp => sp.GetRequiredService<QueueControl>().MoveAsync(lineId, move, reason, "staff@example.test"));

    private async Task<Dictionary<int, (BackorderStatus Status, DateOnly Eta)>> StateAsync(Order[] orders)
    {
        var ids = orders.Select(o => o.Id).ToList();
        var lines = await App.WithDbAsync(db => db.BackorderLines.AsNoTracking().Where(b => ids.Contains(b.OrderId)).ToListAsync());
        return lines.ToDictionary(l => Array.FindIndex(orders, o => o.Id == l.OrderId), l => (l.Status, l.CurrentEta));
    }

    private Task<int> EtaEmailsAsync(Order order) =>
        App.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.OrderId == order.Id && m.Kind == MessageKinds.EtaChanged));

    private Task ReceiveAsync(int productId, int units) =>
        WithAsync(async sp => (await sp.GetRequiredService<Receiving>().ReceiveAsync(productId, units, "PO-9", "tests")).Succeeded);

    [Fact]
    public async Task APinnedLineIsFilledFirstAndTheLineItPushesBackIsToldItsLaterDate()
    {
        var (productId, orders) = await QueueAsync();
        Assert.Equal(Today.AddDays(22), (await StateAsync(orders))[3].Eta);

        Assert.Equal(QueueControlOutcome.Moved, await MoveAsync(await LineIdAsync(orders[3]), QueueMove.Pin));

        var state = await StateAsync(orders);
        Assert.Equal([Today.AddDays(12), Today.AddDays(12), Today.AddDays(22), Today.AddDays(12)], state.OrderBy(s => s.Key).Select(s => s.Value.Eta));
        Assert.Equal(1, await EtaEmailsAsync(orders[2])); // C moved back
        Assert.Equal(1, await EtaEmailsAsync(orders[3])); // D moved up
        Assert.Equal(0, await EtaEmailsAsync(orders[0]));
        var events = await App.WithDbAsync(db => db.BackorderEvents.AsNoTracking().ToListAsync());
        var pinned = Assert.Single(events, e => e.Kind == BackorderEventKind.Pinned);
        Assert.Equal(("staff@example.test", "Replacement for a broken unit"), (pinned.Actor, pinned.Detail));
        // C's slip is a delay like any other: a first one of 10 days, accepted by silence.
        var c = await LineIdAsync(orders[2]);
        Assert.Equal(BackorderEventKind.DelayAccepted, Assert.Single(events, e => e.BackorderLineId == c).Kind);

        await ReceiveAsync(productId, 2);

        state = await StateAsync(orders);
        Assert.Equal([BackorderStatus.Filled, BackorderStatus.Open, BackorderStatus.Open, BackorderStatus.Filled], state.OrderBy(s => s.Key).Select(s => s.Value.Status));
        await App.WithDbAsync(db => AssertInvariantsAsync(db, productId));
    }

    [Fact]
    public async Task AHeldLineIsNeverFilledAndReleasingItPutsItBackInItsOriginalPlace()
    {
        var (productId, orders) = await QueueAsync();
        var original = await StateAsync(orders);
        var a = await LineIdAsync(orders[0]);

        Assert.Equal(QueueControlOutcome.Moved, await MoveAsync(a, QueueMove.Hold, "Fraud review"));
        Assert.Equal(QueueControlOutcome.Unchanged, await MoveAsync(a, QueueMove.Hold, "Fraud review"));

        // Everyone behind A moves up: D now comes on the first delivery.
        var held = await StateAsync(orders);
        Assert.Equal(Today.AddDays(12), held[3].Eta);
        Assert.Equal(1, await EtaEmailsAsync(orders[3]));

        await ReceiveAsync(productId, 2);
        var state = await StateAsync(orders);
        Assert.Equal([BackorderStatus.Open, BackorderStatus.Filled, BackorderStatus.Filled, BackorderStatus.Open], state.OrderBy(s => s.Key).Select(s => s.Value.Status));
        // The held line is skipped even with a unit left over; no new shopper gets that unit either.
        await ReceiveAsync(productId, 2);
        state = await StateAsync(orders);
        Assert.Equal(BackorderStatus.Open, state[0].Status);
        Assert.Equal(BackorderStatus.Filled, state[3].Status);
        var stock = await StockAsync(productId);
        Assert.Equal((4, 3, 1), (stock.OnHand, stock.Allocated, stock.Backordered));

        Assert.Equal(QueueControlOutcome.Moved, await MoveAsync(a, QueueMove.Release, "Payment verified"));
        Assert.Equal(BackorderStatus.Filled, (await StateAsync(orders))[0].Status);
        await App.WithDbAsync(db => AssertInvariantsAsync(db, productId));
        Assert.Equal(original[0].Eta, Today.AddDays(12));
    }

    [Fact]
    public async Task ReleasingBeforeAnyArrivalRestoresEveryEtaAndTheFillOrder()
    {
        var (productId, orders) = await QueueAsync();
        var original = await StateAsync(orders);
        var a = await LineIdAsync(orders[0]);
        await MoveAsync(a, QueueMove.Hold, "Address problem");
        await MoveAsync(a, QueueMove.Release, "Address fixed");

        Assert.Equal(original.OrderBy(s => s.Key).Select(s => s.Value.Eta), (await StateAsync(orders)).OrderBy(s => s.Key).Select(s => s.Value.Eta));
        await ReceiveAsync(productId, 1);
        Assert.Equal(BackorderStatus.Filled, (await StateAsync(orders))[0].Status);
        Assert.Equal(BackorderStatus.Open, (await StateAsync(orders))[1].Status);
    }

    [Fact]
    public async Task PinningOrHoldingWithoutAReasonChangesNothing()
    {
        var (_, orders) = await QueueAsync();
        var d = await LineIdAsync(orders[3]);

        Assert.Equal(QueueControlOutcome.ReasonRequired, await MoveAsync(d, QueueMove.Pin, "  "));
        Assert.Equal(QueueControlOutcome.ReasonRequired, await MoveAsync(d, QueueMove.Hold, null));
        Assert.Equal(QueueControlOutcome.NotFound, await MoveAsync(999_999, QueueMove.Pin));

        var line = await App.WithDbAsync(db => db.BackorderLines.AsNoTracking().SingleAsync(b => b.Id == d));
        Assert.Equal(((DateTime?)null, (DateTime?)null), (line.PinnedAt, line.HeldAt));
        Assert.Equal(0, await App.WithDbAsync(db => db.BackorderEvents.CountAsync()));
    }
}
