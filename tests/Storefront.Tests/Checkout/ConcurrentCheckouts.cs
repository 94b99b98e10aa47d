using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Storefront.Core.Orders;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Checkout;

/// <summary>
/// Many shoppers check out the same stock at once, through the real HTTP pipeline: nothing is
/// oversold, the backorder cap holds, the rest are refused with a clear message, no server errors.
/// One app for the class, emptied for every test.
/// </summary>
public abstract class ConcurrentCheckouts(StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    protected static readonly DateOnly Today = new(2027, 3, 1);

    protected StorefrontFactory App { get; private set; } = null!;

    protected abstract Task<StorefrontOptions> OptionsAsync();

    /// <summary>
    /// Hundreds of different shoppers who, on the in-memory test server, all come from one address:
    /// the limit on unpaid orders per address (ADR 0015) is for one visitor's script, not for them.
    /// </summary>
    protected static readonly IReadOnlyDictionary<string, string?> ManyVisitors = new Dictionary<string, string?>
    {
        ["Checkout:MaxUnpaidOrdersPerAddress"] = "1000",
    };

    public async Task InitializeAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
        App = await host.AppForTestAsync(OptionsAsync, clock);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    protected async Task CapOfOneHundred()
    {
        var product = await App.Data().Product("CONC-1").OnHand(50).BackorderableUpTo(100)
            .RestockExpected(Today.AddDays(20)).SaveAsync();

        var outcomes = await CheckoutManyAsync(200, _ => [(product.Id, 1)]);

        Assert.Equal(0, outcomes.ServerErrors);
        Assert.Equal(150, outcomes.Placed);
        Assert.Equal(50, outcomes.Refused);
        Assert.All(outcomes.RefusalTexts, t => Assert.Contains("can&#x27;t be backordered", t, StringComparison.Ordinal));
        await App.WithDbAsync(async db =>
        {
            var stock = await db.Stock.AsNoTracking().SingleAsync(s => s.ProductId == product.Id);
            Assert.Equal(50, stock.OnHand);
            Assert.Equal(50, stock.Allocated);
            Assert.Equal(100, stock.Backordered);
            var lines = await db.OrderLines.AsNoTracking().Where(l => l.ProductId == product.Id).ToListAsync();
            Assert.Equal(150, lines.Count);
            Assert.Equal(50, lines.Sum(l => l.AllocatedQuantity));
            Assert.Equal(100, lines.Sum(l => l.BackorderedQuantity));
            Assert.Equal(100, await db.BackorderLines.Where(b => b.ProductId == product.Id && b.Status == BackorderStatus.Open).SumAsync(b => b.Quantity));
        });
    }

    protected async Task UpToInbound()
    {
        // 20 on the shelf, 60 on order, a margin of 5 past it dated by the restock date: 85 sell, 15 are refused.
        var product = await App.Data().Product("CONC-IN").OnHand(20).BackorderableUpToInbound(margin: 5)
            .WithDelivery(Today.AddDays(10), 40).WithDelivery(Today.AddDays(25), 20)
            .RestockExpected(Today.AddDays(40)).SaveAsync();

        var outcomes = await CheckoutManyAsync(100, _ => [(product.Id, 1)]);

        Assert.Equal(0, outcomes.ServerErrors);
        Assert.Equal(85, outcomes.Placed);
        Assert.Equal(15, outcomes.Refused);
        await App.WithDbAsync(async db =>
        {
            var stock = await db.Stock.AsNoTracking().SingleAsync(s => s.ProductId == product.Id);
            Assert.Equal(20, stock.Allocated);
            Assert.Equal(65, stock.Backordered);
            Assert.Equal(65, await db.BackorderLines.Where(b => b.ProductId == product.Id && b.Status == BackorderStatus.Open).SumAsync(b => b.Quantity));
            // Each unit's promise is its delivery's, or the restock date for the margin.
            var promised = await db.BackorderLines.AsNoTracking().Where(b => b.ProductId == product.Id)
                .GroupBy(b => b.PromisedEta).Select(g => new { g.Key, Units = g.Sum(b => b.Quantity) }).ToListAsync();
            Assert.Equal([40, 20, 5], promised.OrderBy(p => p.Key).Select(p => p.Units));
        });
    }

    protected async Task NoCap()
    {
        var product = await App.Data().Product("CONC-2").OnHand(50).Backorderable()
            .RestockExpected(Today.AddDays(20)).SaveAsync();

        var outcomes = await CheckoutManyAsync(200, _ => [(product.Id, 1)]);

        Assert.Equal(0, outcomes.ServerErrors);
        Assert.Equal(200, outcomes.Placed);
        await App.WithDbAsync(async db =>
        {
            var stock = await db.Stock.AsNoTracking().SingleAsync(s => s.ProductId == product.Id);
            Assert.Equal(50, stock.Allocated);
            Assert.Equal(150, stock.Backordered);
            Assert.True(stock.Allocated <= stock.OnHand);
        });
    }

    protected async Task ThreeItemCartsInRandomOrder()
    {
        var data = App.Data();
        var a = await data.Product("MIX-A").OnHand(40).Backorderable().RestockExpected(Today.AddDays(10)).SaveAsync();
        var b = await data.Product("MIX-B").OnHand(40).Backorderable().RestockExpected(Today.AddDays(10)).SaveAsync();
        var c = await data.Product("MIX-C").OnHand(40).Backorderable().RestockExpected(Today.AddDays(10)).SaveAsync();
        var random = new Random(42);

        var outcomes = await CheckoutManyAsync(60, _ => new[] { (a.Id, 1), (b.Id, 1), (c.Id, 1) }.OrderBy(_ => random.Next()).ToArray());

        Assert.Equal(0, outcomes.ServerErrors);
        Assert.Equal(60, outcomes.Placed);
        await App.WithDbAsync(async db =>
        {
            foreach (var id in new[] { a.Id, b.Id, c.Id })
            {
                var stock = await db.Stock.AsNoTracking().SingleAsync(s => s.ProductId == id);
                Assert.Equal(40, stock.Allocated);
                Assert.Equal(20, stock.Backordered);
            }
            var lines = await db.OrderLines.AsNoTracking().ToListAsync();
            Assert.All(lines, l => Assert.Equal(l.Quantity, l.AllocatedQuantity + l.ShippedQuantity + l.BackorderedQuantity + l.CancelledQuantity));
        });
    }

    private sealed record Outcomes(int Placed, int Refused, int ServerErrors, IReadOnlyList<string> RefusalTexts);

    private async Task<Outcomes> CheckoutManyAsync(int shoppers, Func<int, (int, int)[]> cart)
    {
        using var first = new ShopperSession(App);
        await first.TokenAsync();
        var sessions = Enumerable.Range(0, shoppers).Select(_ => new ShopperSession(App)).ToList();
        try
        {
            await Task.WhenAll(sessions.Select(s => s.TokenAsync()));
            using var start = new SemaphoreSlim(0);
            var tasks = sessions.Select(async (s, i) =>
            {
                await start.WaitAsync();
                return await s.PlaceOrderAsync(Guid.NewGuid().ToString("N"), cart(i));
            }).ToList();
            start.Release(shoppers);
            var responses = await Task.WhenAll(tasks);
            var refusals = new List<string>();
            foreach (var r in responses.Where(r => r.StatusCode == HttpStatusCode.OK))
            {
                var html = await r.Content.ReadAsStringAsync();
                refusals.Add(System.Text.RegularExpressions.Regex.Match(html, "Sorry[^<]*").Value);
            }
            return new Outcomes(
                responses.Count(r => r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.ToString().StartsWith("/Checkout/Pay/", StringComparison.Ordinal)),
                refusals.Count(t => t.Length > 0),
                responses.Count(r => (int)r.StatusCode >= 500),
                refusals);
        }
        finally
        {
            sessions.ForEach(s => s.Dispose());
        }
    }
}

public sealed class ConcurrentCheckoutsOnSqlite(StorefrontHost host) : ConcurrentCheckouts(host)
{
    [Fact]
    public Task TwoHundredShoppersForFiftyUnitsWithCapOfOneHundred_FiftyShipHundredBackorderedFiftyRefused() => CapOfOneHundred();

    [Fact]
    public Task TwoHundredShoppersForFiftyUnitsWithNoCap_FiftyShipHundredFiftyBackordered() => NoCap();

    [Fact]
    public Task HundredShoppersAllowedUpToInbound_NeverOneUnitBeyondInboundPlusMargin() => UpToInbound();

    [Fact]
    public Task SixtyThreeItemCartsInRandomLineOrder_AllPlacedWithoutDeadlock() => ThreeItemCartsInRandomOrder();

    protected override Task<StorefrontOptions> OptionsAsync() => Task.FromResult(new StorefrontOptions { Settings = ManyVisitors });
}

[Collection(PostgresCollection.Name)]
public sealed class ConcurrentCheckoutsOnPostgres(PostgresServer postgres, StorefrontHost host) : ConcurrentCheckouts(host)
{
    [PostgresFact]
    public Task TwoHundredShoppersForFiftyUnitsWithCapOfOneHundred_FiftyShipHundredBackorderedFiftyRefused() => CapOfOneHundred();

    [PostgresFact]
    public Task TwoHundredShoppersForFiftyUnitsWithNoCap_FiftyShipHundredFiftyBackordered() => NoCap();

    [PostgresFact]
    public Task HundredShoppersAllowedUpToInbound_NeverOneUnitBeyondInboundPlusMargin() => UpToInbound();

    [PostgresFact]
    public Task SixtyThreeItemCartsInRandomLineOrder_AllPlacedWithoutDeadlock() => ThreeItemCartsInRandomOrder();

    protected override async Task<StorefrontOptions> OptionsAsync()
    {
        // Fewer pooled connections than the server's limit: shoppers queue for a connection instead of failing.
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync()) { MaxPoolSize = 40 }.ConnectionString;
        return new StorefrontOptions { PostgresConnectionString = connection, Settings = ManyVisitors };
    }
}
