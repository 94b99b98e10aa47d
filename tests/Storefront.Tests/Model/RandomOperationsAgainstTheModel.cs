using System.Collections.Concurrent;
using System.Diagnostics;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Storefront.Core.Checkout;
using Storefront.Core.Data;
using Storefront.Core.Inventory;
using Storefront.Core.Orders;
using Storefront.Core.Shipping;
using Storefront.Tests.Infrastructure;
using Storefront.Tests.Orders;
using Xunit.Abstractions;

namespace Storefront.Tests.Model;

public abstract record Op;

/// <summary>Quantities 0 mean "not in this order". Outcome 0: paid, 1: left waiting for payment, 2: declined.</summary>
public sealed record Checkout(int Quantity0, int Quantity1, int Outcome) : Op;

public sealed record Receive(int Product, int Units) : Op;

public sealed record Adjust(int Product, int Delta) : Op;

/// <summary>Picks an order by index (mod the orders placed so far); All ships every allocated unit.</summary>
public sealed record Ship(int Pick, bool All, int Quantity0, int Quantity1) : Op;

public sealed record Cancel(int Pick) : Op;

public sealed record Scenario(int OnHand0, int OnHand1, int Cap1, Op[] Ops)
{
    public override string ToString() => $"OnHand {OnHand0}/{OnHand1}, cap {Cap1}: " + string.Join(", ", Ops.Select(o => o.ToString()));
}

/// <summary>
/// Model-based test: random sequences of checkout / receive / adjust / ship / cancel run against the
/// real services (real SQLite database, real transactions) and against <see cref="StockModel"/>, and
/// after every step the database must agree with the model and with the invariants of DESIGN.md.
/// Sequences run on two apps at once, each over its own database; every sequence starts from the
/// freshly migrated, empty database with two new products, so sequences never meet.
/// </summary>
public sealed class RandomOperationsAgainstTheModel(ITestOutputHelper output) : IAsyncLifetime
{
    public const int Sequences = 1000;

    /// <summary>Apps (each with its own database and clock) running sequences side by side.</summary>
    public const int Lanes = 2;

    private readonly ConcurrentBag<Lane> _lanes = [];
    private readonly List<StorefrontFactory> _apps = [];
    private int _sequence;

    private sealed record Lane(StorefrontFactory App, FakeTimeProvider Clock);

    public static readonly Gen<Op> OpGen = Gen.Frequency<Op>(
        (4, Gen.Select(Gen.Int[0, 4], Gen.Int[0, 4], Gen.Int[0, 2], (a, b, o) => (Op)new Checkout(a, b == 0 && a == 0 ? 1 : b, o))),
        (3, Gen.Select(Gen.Int[0, 1], Gen.Int[1, 5], (p, n) => (Op)new Receive(p, n))),
        (2, Gen.Select(Gen.Int[0, 1], Gen.Int[-3, 4], (p, d) => (Op)new Adjust(p, d <= 0 ? d - 1 : d))),
        (3, Gen.Select(Gen.Int[0, 100], Gen.Int[0, 2], Gen.Int[0, 4], Gen.Int[0, 4], (i, m, a, b) => (Op)new Ship(i, m == 0, a, b))),
        (2, Gen.Int[0, 100].Select(i => (Op)new Cancel(i))));

    public static readonly Gen<Scenario> ScenarioGen =
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, 5], Gen.Int[0, 4], OpGen.Array[1, 12], (a, b, c, ops) => new Scenario(a, b, c, ops));

    public async Task InitializeAsync()
    {
        for (var i = 0; i < Lanes; i++)
        {
            var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
            var app = new StorefrontFactory(new StorefrontOptions
            {
                Clock = clock,
                // The hold-expiry worker would release old unpaid orders behind the model's back.
                ConfigureServices = services =>
                {
                    foreach (var worker in services.Where(d => d.ServiceType == typeof(IHostedService)
                        && d.ImplementationType == typeof(Storefront.Core.Jobs.HoldExpiryJob)).ToList())
                    {
                        services.Remove(worker);
                    }
                },
            });
            _apps.Add(app);
            await app.StartAsync();
            _lanes.Add(new Lane(app, clock));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task AThousandRandomSequences_KeepStockLedgerOrderLinesAndFifoInStepWithTheModel()
    {
        var watch = Stopwatch.StartNew();
        var steps = 0;
        await ScenarioGen.SampleAsync(async scenario => Interlocked.Add(ref steps, await RunOnALaneAsync(scenario)),
            iter: Sequences, threads: Lanes, print: s => s.ToString());
        Assert.True(_sequence >= Sequences, $"only {_sequence} of {Sequences} sequences ran");
        output.WriteLine($"{Sequences} sequences, {steps} operations in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    private async Task<int> RunOnALaneAsync(Scenario scenario)
    {
        // CsCheck runs at most Lanes sequences at once, so a lane is always free.
        Assert.True(_lanes.TryTake(out var lane), "no free lane");
        try
        {
            await lane.App.ResetAsync();
            return await RunAsync(scenario, lane.App, lane.Clock);
        }
        finally
        {
            _lanes.Add(lane);
        }
    }

    private async Task<int> RunAsync(Scenario scenario, StorefrontFactory app, FakeTimeProvider clock)
    {
        var n = Interlocked.Increment(ref _sequence);
        var data = app.Data();
        var restock = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddYears(1);
        var p0 = await data.Product($"M{n}-0").OnHand(scenario.OnHand0).Backorderable().RestockExpected(restock).SaveAsync();
        var p1 = await data.Product($"M{n}-1").OnHand(scenario.OnHand1).BackorderableUpTo(scenario.Cap1).RestockExpected(restock).SaveAsync();
        int[] ids = [p0.Id, p1.Id];
        var model = new StockModel((scenario.OnHand0, -1), (scenario.OnHand1, scenario.Cap1));

        var step = 0;
        foreach (var op in scenario.Ops)
        {
            step++;
            // Every order is placed at its own instant, so the queue order is the order of placement.
            clock.Advance(TimeSpan.FromSeconds(1));
            await ApplyAsync(app, op, model, ids);
            await CheckAsync(app, model, ids, $"after step {step} ({op})");
        }
        return step;
    }

    private static async Task ApplyAsync(StorefrontFactory app, Op op, StockModel model, int[] ids)
    {
        await using var scope = app.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<StorefrontDbContext>();
        var inventory = services.GetRequiredService<InventoryEngine>();
        switch (op)
        {
            case Checkout c:
            {
                var wanted = new List<(int Product, int Quantity)>();
                if (c.Quantity0 > 0)
                {
                    wanted.Add((0, c.Quantity0));
                }
                if (c.Quantity1 > 0)
                {
                    wanted.Add((1, c.Quantity1));
                }
                var expected = model.Place(wanted);
                var result = await services.GetRequiredService<OrderPlacement>().PlaceAsync(new PlaceOrderRequest(
                    Guid.NewGuid().ToString("N"), "model@example.test", null, OrderScenario.Address,
                    [.. wanted.Select(w => new OrderLineRequest(ids[w.Product], w.Quantity))], BackorderTermsAccepted: true));
                Assert.True(expected is null ? result.Outcome == PlaceOrderOutcome.Refused : result.Outcome == PlaceOrderOutcome.Placed,
                    $"{op}: the model expected {(expected is null ? "a refusal" : "an order")}, the store said {result.Outcome} {string.Join("; ", result.Errors)}");
                if (expected is null)
                {
                    return;
                }
                expected.DbId = result.Order!.Id;
                var holds = services.GetRequiredService<OrderHolds>();
                if (c.Outcome == 0)
                {
                    Assert.True(await holds.ConfirmPaidAsync(expected.DbId));
                    expected.Status = OrderStatus.Paid;
                }
                else if (c.Outcome == 2)
                {
                    Assert.True(model.Release(expected));
                    Assert.True(await holds.ReleaseAsync(expected.DbId, OrderStatus.PaymentFailed));
                }
                return;
            }
            case Receive r:
            {
                model.Receive(r.Product, r.Units);
                await using var tx = await db.Database.BeginTransactionAsync();
                await inventory.ReceiveAsync(ids[r.Product], r.Units, new StockReason("Model receipt", "model"));
                await tx.CommitAsync();
                return;
            }
            case Adjust a:
            {
                var allowed = model.Adjust(a.Product, a.Delta);
                await using var tx = await db.Database.BeginTransactionAsync();
                try
                {
                    await inventory.AdjustAsync(ids[a.Product], a.Delta, new StockReason("Model count", "model"));
                    await tx.CommitAsync();
                    Assert.True(allowed, $"{op}: the model refuses this adjustment, the store made it");
                }
                catch (InsufficientStockException)
                {
                    await tx.RollbackAsync();
                    Assert.False(allowed, $"{op}: the model allows this adjustment, the store refused it");
                }
                return;
            }
            case Ship s:
            {
                if (model.Orders.Count == 0)
                {
                    return;
                }
                var order = model.Orders[s.Pick % model.Orders.Count];
                List<(int Product, int Quantity)>? request = s.All ? null
                    : [.. order.Lines.Select(l => (l.Product, l.Product == 0 ? s.Quantity0 : s.Quantity1))];
                var lines = await db.OrderLines.AsNoTracking().Where(l => l.OrderId == order.DbId)
                    .ToDictionaryAsync(l => l.ProductId, l => l.Id);
                var expected = model.Ship(order, request);
                var result = await services.GetRequiredService<ShippingService>().ShipAsync(new ShipRequest(
                    order.DbId, ShippingService.NewShipmentKey(), "UPS", "1Z" + order.DbId, "model",
                    request?.Select(r => new ShipLineRequest(lines[ids[r.Product]], r.Quantity)).ToList(),
                    // The model is of stock, not parcels: any allocated unit may ship, so part of a together order goes with a reason.
                    OverrideReason: "model"));
                Assert.True(expected ? result.Outcome == ShipOutcome.Shipped : result.Outcome == ShipOutcome.Invalid,
                    $"{op}: the model expected {(expected ? "a shipment" : "a refusal")}, the store said {result.Outcome} {string.Join("; ", result.Errors)}");
                return;
            }
            case Cancel c:
            {
                if (model.Orders.Count == 0)
                {
                    return;
                }
                var order = model.Orders[c.Pick % model.Orders.Count];
                var expected = model.Release(order);
                var released = await services.GetRequiredService<OrderHolds>().ReleaseAsync(order.DbId, OrderStatus.PaymentFailed);
                Assert.Equal(expected, released);
                return;
            }
        }
    }

    private static async Task CheckAsync(StorefrontFactory app, StockModel model, int[] ids, string when)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StorefrontDbContext>();
        var stocks = await db.Stock.AsNoTracking().Where(s => ids.Contains(s.ProductId)).ToDictionaryAsync(s => s.ProductId);
        var lines = await db.OrderLines.AsNoTracking().Where(l => ids.Contains(l.ProductId))
            .Select(l => new
            {
                l.OrderId, l.ProductId, l.Quantity, l.AllocatedQuantity, l.ShippedQuantity, l.BackorderedQuantity, l.CancelledQuantity,
                l.Order!.PlacedAt, l.Order.Status,
            })
            .ToListAsync();
        var openBackorders = await db.BackorderLines.AsNoTracking()
            .Where(b => ids.Contains(b.ProductId) && b.Status == BackorderStatus.Open)
            .Select(b => new { b.ProductId, b.OrderId, b.Quantity, b.PlacedAt, b.Id })
            .ToListAsync();
        var ledger = await db.StockLedger.AsNoTracking().Where(e => ids.Contains(e.ProductId))
            .GroupBy(e => e.ProductId).Select(g => new { ProductId = g.Key, Sum = g.Sum(e => e.Quantity) })
            .ToDictionaryAsync(g => g.ProductId, g => g.Sum);

        for (var i = 0; i < ids.Length; i++)
        {
            var s = stocks[ids[i]];
            var m = model.Products[i];
            var productLines = lines.Where(l => l.ProductId == ids[i]).ToList();
            Assert.True(s.OnHand >= 0, $"{when}: product {i} on hand {s.OnHand} < 0");
            Assert.True(s.Allocated <= s.OnHand, $"{when}: product {i} allocated {s.Allocated} > on hand {s.OnHand}");
            Assert.True(s.Allocated == productLines.Sum(l => l.AllocatedQuantity), $"{when}: product {i} stock allocated {s.Allocated} ≠ Σ allocated of its order lines {productLines.Sum(l => l.AllocatedQuantity)}");
            var open = openBackorders.Where(b => b.ProductId == ids[i]).ToList();
            Assert.True(s.Backordered == open.Sum(b => b.Quantity), $"{when}: product {i} stock backordered {s.Backordered} ≠ Σ open backorder lines {open.Sum(b => b.Quantity)}");
            Assert.True(s.Backordered == productLines.Sum(l => l.BackorderedQuantity), $"{when}: product {i} stock backordered ≠ Σ backordered of its order lines");
            Assert.True(s.OnHand == ledger.GetValueOrDefault(ids[i]), $"{when}: product {i} ledger sums to {ledger.GetValueOrDefault(ids[i])}, on hand is {s.OnHand}");
            Assert.True((m.OnHand, m.Allocated, m.Backordered) == (s.OnHand, s.Allocated, s.Backordered),
                $"{when}: product {i} is {s.OnHand}/{s.Allocated}/{s.Backordered} (on hand/allocated/backordered), the model says {m.OnHand}/{m.Allocated}/{m.Backordered}");

            // FIFO: while a product's oldest open backorder line waits, no order placed after that
            // line's order holds any of the product's units, allocated or already shipped: every unit
            // that came free since went to the older line first.
            if (open.Count > 0)
            {
                var oldest = open.OrderBy(b => b.PlacedAt).ThenBy(b => b.Id).First();
                var jumped = productLines.Where(l => (l.PlacedAt > oldest.PlacedAt || (l.PlacedAt == oldest.PlacedAt && l.OrderId > oldest.OrderId))
                    && l.AllocatedQuantity + l.ShippedQuantity > 0).ToList();
                Assert.True(jumped.Count == 0, $"{when}: product {i}: order {jumped.FirstOrDefault()?.OrderId} got units while older order {oldest.OrderId} still waits");
            }
        }

        foreach (var l in lines)
        {
            Assert.True(l.Quantity == l.AllocatedQuantity + l.ShippedQuantity + l.BackorderedQuantity + l.CancelledQuantity,
                $"{when}: order {l.OrderId} product {l.ProductId}: {l.Quantity} ≠ {l.AllocatedQuantity}+{l.ShippedQuantity}+{l.BackorderedQuantity}+{l.CancelledQuantity}");
        }
        foreach (var order in model.Orders)
        {
            foreach (var ml in order.Lines)
            {
                var l = lines.Single(x => x.OrderId == order.DbId && x.ProductId == ids[ml.Product]);
                Assert.True((ml.Allocated, ml.Shipped, ml.Backordered, ml.Cancelled) == (l.AllocatedQuantity, l.ShippedQuantity, l.BackorderedQuantity, l.CancelledQuantity),
                    $"{when}: order {order.DbId} product {ml.Product} is {l.AllocatedQuantity}/{l.ShippedQuantity}/{l.BackorderedQuantity}/{l.CancelledQuantity} (allocated/shipped/backordered/cancelled), the model says {ml.Allocated}/{ml.Shipped}/{ml.Backordered}/{ml.Cancelled}");
                Assert.True(order.Status == l.Status, $"{when}: order {order.DbId} is {l.Status}, the model says {order.Status}");
            }
        }
    }
}
