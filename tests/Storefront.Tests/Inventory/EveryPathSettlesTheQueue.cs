using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Storefront.Core.Availability;
using Storefront.Core.Checkout;
using Storefront.Core.Inventory;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;
using Storefront.Core.Payments;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Inventory;

/// <summary>
/// Every way units come free or a product's queue moves goes through the inventory engine's one
/// settling step: the queue is served oldest first, the ETAs of the lines behind are recomputed and
/// recorded, the customers get their emails, and the product's availability is signalled as changed.
/// Each path below starts from the same queue and must do all of it.
/// </summary>
/// <remarks>
/// The queue: 1 unit on the shelf, deliveries of 3 units (day 5) and 10 units (day 20), 2 handling days.
/// X orders 2 (1 allocated, 1 backordered: position 1), then A backorders 1 (position 2), then B
/// backorders 2 (positions 3–4, past the first delivery: ETA day 22). Freeing X's place moves B to
/// the first delivery (day 7).
/// </remarks>
public sealed class EveryPathSettlesTheQueue(StorefrontHost host) : InventoryTestBase(host)
{
    public static TheoryData<string> Paths =>
    [
        "receipt",
        "upward adjustment",
        "hold expiry",
        "declined payment",
        "shopper cancellation",
        "staff cancellation",
        "delivery moved earlier",
        "delivery moved later",
    ];

    private sealed record Queue(int ProductId, Order X, Order A, Order B, int FirstDelivery, int SecondDelivery);

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task EveryPathServesTheQueueFirstRecomputesTheEtasBehindAndNotifies(string path)
    {
        var xPays = path is not ("hold expiry" or "declined payment");
        var queue = await QueueAsync(xPays);
        // Listening starts after the queue was built: placing those orders signalled too.
        var signalled = new List<int>();
        void Heard(CatalogChangeSet changes)
        {
            lock (signalled)
            {
                signalled.AddRange(changes.Products);
            }
        }
        var signal = App.Services.GetRequiredService<AvailabilitySignal>();
        signal.Changed += Heard;
        try
        {
            await TakeAsync(path, queue);
        }
        finally
        {
            signal.Changed -= Heard;
        }

        var lines = (await BackorderLinesAsync(queue.ProductId)).ToDictionary(l => l.OrderId);
        var x = lines[queue.X.Id];
        var a = lines[queue.A.Id];
        var b = lines[queue.B.Id];
        var emails = await App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Select(m => new { m.Kind, m.Recipient }).ToListAsync());
        bool Emailed(string kind, Order order) => emails.Any(m => m.Kind == kind && m.Recipient == order.Email);

        switch (path)
        {
            case "receipt" or "upward adjustment":
                // The unit goes to the oldest waiting line (X), not to the shelf; B moves up to the first delivery.
                Assert.Equal((BackorderStatus.Filled, 1), (x.Status, x.FilledQuantity));
                Assert.True(Emailed(MessageKinds.BackorderFilled, queue.X), "X was not told its backorder is filled");
                AssertMovedEarlier(b, Today.AddDays(22), Today.AddDays(7));
                Assert.True(Emailed(MessageKinds.EtaChanged, queue.B), "B was not told its ETA moved");
                Assert.Equal(0, (await StockAsync(queue.ProductId)).Available);
                break;
            case "hold expiry" or "declined payment":
                // X's held shelf unit goes to A, the oldest paid line; X's backorder place goes, so B moves up.
                Assert.Equal((BackorderStatus.Cancelled, 1), (x.Status, x.CancelledQuantity));
                Assert.Equal((BackorderStatus.Filled, 1), (a.Status, a.FilledQuantity));
                Assert.True(Emailed(MessageKinds.BackorderFilled, queue.A), "A was not told its backorder is filled");
                AssertMovedEarlier(b, Today.AddDays(22), Today.AddDays(7));
                Assert.True(Emailed(MessageKinds.EtaChanged, queue.B), "B was not told its ETA moved");
                Assert.Equal(0, (await StockAsync(queue.ProductId)).Available);
                break;
            case "shopper cancellation" or "staff cancellation":
                Assert.Equal((BackorderStatus.Cancelled, 1), (x.Status, x.CancelledQuantity));
                Assert.Equal(Today.AddDays(7), a.CurrentEta);
                AssertMovedEarlier(b, Today.AddDays(22), Today.AddDays(7));
                Assert.True(Emailed(MessageKinds.EtaChanged, queue.B), "B was not told its ETA moved");
                Assert.False(Emailed(MessageKinds.EtaChanged, queue.A), "A's ETA did not move, yet A was emailed");
                break;
            case "delivery moved earlier":
                AssertMovedEarlier(b, Today.AddDays(22), Today.AddDays(12));
                Assert.True(Emailed(MessageKinds.EtaChanged, queue.B), "B was not told its ETA moved");
                Assert.Equal(Today.AddDays(7), a.CurrentEta);
                break;
            case "delivery moved later":
                foreach (var (line, order) in new[] { (x, queue.X), (a, queue.A) })
                {
                    Assert.Equal(Today.AddDays(10), line.CurrentEta);
                    Assert.Contains(line.EtaChanges, c => c.OldEta == Today.AddDays(7) && c.NewEta == Today.AddDays(10));
                    Assert.True(Emailed(MessageKinds.EtaChanged, order), $"{order.Email} was not told its ETA moved");
                }
                Assert.Equal(Today.AddDays(22), b.CurrentEta);
                Assert.Empty(b.EtaChanges);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(path), path, null);
        }
        lock (signalled)
        {
            Assert.Contains(queue.ProductId, signalled);
        }
        await App.WithDbAsync(db => AssertInvariantsAsync(db, queue.ProductId));
    }

    [Fact]
    public async Task ARolledBackChangeSignalsNothing()
    {
        var product = await App.Data().Product("SETTLE-RB").OnHand(1).Backorderable().SaveAsync();
        var signal = App.Services.GetRequiredService<AvailabilitySignal>();
        var before = signal.Version;

        var refused = await WithAsync(s => s.GetRequiredService<StockAdjustments>().AdjustAsync(product.Id, -5, "Recount", "clerk"));

        Assert.Equal(AdjustmentOutcome.Refused, refused.Outcome);
        Assert.Equal(before, signal.Version);
    }

    private static void AssertMovedEarlier(BackorderLine line, DateOnly from, DateOnly to)
    {
        Assert.Equal(from, line.PromisedEta);
        Assert.Equal(to, line.CurrentEta);
        Assert.Contains(line.EtaChanges, c => c.OldEta == from && c.NewEta == to);
    }

    private async Task<Queue> QueueAsync(bool xPays)
    {
        var product = await App.Data().Product("SETTLE-1").OnHand(1).Backorderable()
            .WithDelivery(Today.AddDays(5), 3).WithDelivery(Today.AddDays(20), 10).SaveAsync();
        var x = xPays ? await PlacePaidOrderAsync(product.Id, 2, "x@example.test") : await PlaceAsync(product.Id, 2, "x@example.test");
        var a = await PlacePaidOrderAsync(product.Id, 1, "a@example.test");
        var b = await PlacePaidOrderAsync(product.Id, 2, "b@example.test");
        var lines = await BackorderLinesAsync(product.Id);
        Assert.Equal([Today.AddDays(7), Today.AddDays(7), Today.AddDays(22)], lines.Select(l => l.CurrentEta).ToArray());
        return new Queue(product.Id, x, a, b, await DeliveryIdAsync(product.Id, Today.AddDays(5)), await DeliveryIdAsync(product.Id, Today.AddDays(20)));
    }

    private async Task TakeAsync(string path, Queue q)
    {
        var xLine = (await BackorderLinesAsync(q.ProductId)).Single(l => l.OrderId == q.X.Id);
        switch (path)
        {
            case "receipt":
                Assert.True((await WithAsync(s => s.GetRequiredService<Receiving>().ReceiveAsync(q.ProductId, 1, "PO-1", "clerk"))).Succeeded);
                break;
            case "upward adjustment":
                Assert.True((await WithAsync(s => s.GetRequiredService<StockAdjustments>().AdjustAsync(q.ProductId, 1, "Found a box", "clerk"))).Succeeded);
                break;
            case "hold expiry":
                Clock.Advance(TimeSpan.FromHours(1));
                // The store's own expiry job may get there first; either way the hold ends once.
                await WithAsync(s => s.GetRequiredService<OrderHolds>().ReleaseExpiredAsync());
                Assert.Equal(OrderStatus.Expired, (await App.WithDbAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.Id == q.X.Id))).Status);
                break;
            case "declined payment":
                // A declined card no longer releases at once: X keeps its place (and B its date) while
                // cards are tried; the last decline allowed is what releases the hold.
                var allowed = App.Services.GetRequiredService<IOptions<CheckoutOptions>>().Value.MaxDeclines;
                for (var attempt = 1; attempt <= allowed; attempt++)
                {
                    var key = PaymentService.AttemptKeyFor(q.X.Number, attempt);
                    var decline = await WithAsync(async s =>
                    {
                        var payments = s.GetRequiredService<PaymentService>();
                        Assert.NotNull(await payments.BeginAsync(q.X.Id, new PaymentReturnUrls("/ok", "/cancel")));
                        return await payments.DeclineCardAsync(key, "Your card was declined.");
                    });
                    Assert.Equal(attempt < allowed ? CardDeclineOutcome.TryAgain : CardDeclineOutcome.Released, decline.Outcome);
                    if (attempt < allowed)
                    {
                        var lines = (await BackorderLinesAsync(q.ProductId)).ToDictionary(l => l.OrderId);
                        Assert.Equal((BackorderStatus.Open, Today.AddDays(7)), (lines[q.X.Id].Status, lines[q.X.Id].CurrentEta));
                        Assert.Equal(Today.AddDays(22), lines[q.B.Id].CurrentEta);
                        Assert.Equal(OrderStatus.PendingPayment, (await App.WithDbAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.Id == q.X.Id))).Status);
                    }
                }
                break;
            case "shopper cancellation" or "staff cancellation":
                var actor = path == "shopper cancellation" ? "customer" : "staff@example.test";
                var result = await WithAsync(s => s.GetRequiredService<BackorderCancellation>().CancelAsync(q.X.Id, xLine.Id, 1, actor));
                Assert.Equal(CancellationOutcome.Cancelled, result.Outcome);
                break;
            case "delivery moved earlier":
                Assert.True((await WithAsync(s => s.GetRequiredService<Deliveries>().EditAsync(q.SecondDelivery, new DeliveryInput(10, Today.AddDays(10), null), "buyer"))).Succeeded);
                break;
            case "delivery moved later":
                Assert.True((await WithAsync(s => s.GetRequiredService<Deliveries>().EditAsync(q.FirstDelivery, new DeliveryInput(3, Today.AddDays(8), null), "buyer"))).Succeeded);
                break;
        }
    }
}
