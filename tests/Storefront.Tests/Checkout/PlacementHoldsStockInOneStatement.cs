using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Checkout;
using Storefront.Core.Data;
using Storefront.Tests.Infrastructure;
using Storefront.Tests.Inventory;

namespace Storefront.Tests.Checkout;

/// <summary>
/// Placing an order touches a product's stock row with one conditional UPDATE inside its
/// transaction, never a read of it first (ADR 0018): the row is locked for that statement and the
/// inserts after it, and a crowd buying one product queues for as little as possible.
/// </summary>
public abstract partial class PlacementHoldsStockInOneStatement(StorefrontHost host) : InventoryTestBase(host)
{
    protected async Task InStockLine()
    {
        var product = await App.Data().Product("ONE-1").OnHand(10).Backorderable().RestockExpected(Today.AddDays(20)).SaveAsync();

        var (outcome, stockCommands) = await PlaceRecordingAsync(product.Id, 3);

        Assert.Equal(PlaceOrderOutcome.Placed, outcome.Outcome);
        Assert.Equal((3, 0), (outcome.Order!.Lines.Single().AllocatedQuantity, outcome.Order.Lines.Single().BackorderedQuantity));
        Assert.Single(stockCommands);
        Assert.StartsWith("UPDATE", stockCommands[0], StringComparison.OrdinalIgnoreCase);
        var stock = await StockAsync(product.Id);
        Assert.Equal((10, 3, 0), (stock.OnHand, stock.Allocated, stock.Backordered));
    }

    protected async Task PartlyBackorderedLine()
    {
        var product = await App.Data().Product("ONE-2").OnHand(2).BackorderableUpTo(10)
            .WithDelivery(Today.AddDays(5), 1).RestockExpected(Today.AddDays(20)).SaveAsync();

        var (outcome, stockCommands) = await PlaceRecordingAsync(product.Id, 4);

        var line = outcome.Order!.Lines.Single();
        Assert.Equal((2, 2), (line.AllocatedQuantity, line.BackorderedQuantity));
        // Its last unit is second in the queue: after the one-unit delivery, so the restock date.
        Assert.Equal(Today.AddDays(22), line.Backorders.Single().PromisedEta);
        Assert.Single(stockCommands);
        Assert.StartsWith("UPDATE", stockCommands[0], StringComparison.OrdinalIgnoreCase);
        var stock = await StockAsync(product.Id);
        Assert.Equal((2, 2, 2), (stock.OnHand, stock.Allocated, stock.Backordered));
    }

    protected async Task BackorderBehindAQueue()
    {
        var product = await App.Data().Product("ONE-3").OutOfStock().BackorderableUpTo(10)
            .WithDelivery(Today.AddDays(5), 3).RestockExpected(Today.AddDays(20)).SaveAsync();
        await PlacePaidOrderAsync(product.Id, 2);

        var (outcome, stockCommands) = await PlaceRecordingAsync(product.Id, 1);

        // Third in the queue: still covered by the three-unit delivery.
        Assert.Equal(Today.AddDays(7), outcome.Order!.Lines.Single().Backorders.Single().PromisedEta);
        Assert.Single(stockCommands);
        Assert.StartsWith("UPDATE", stockCommands[0], StringComparison.OrdinalIgnoreCase);
        var stock = await StockAsync(product.Id);
        Assert.Equal((0, 0, 3), (stock.OnHand, stock.Allocated, stock.Backordered));
    }

    protected async Task PastTheCap()
    {
        var product = await App.Data().Product("ONE-4").OutOfStock().BackorderableUpTo(2).RestockExpected(Today.AddDays(20)).SaveAsync();
        await PlacePaidOrderAsync(product.Id, 2);

        var (outcome, stockCommands) = await PlaceRecordingAsync(product.Id, 1);

        // Refused from what was read: nothing written, the row never locked.
        Assert.Equal(PlaceOrderOutcome.Refused, outcome.Outcome);
        Assert.Contains("can't be backordered", Assert.Single(outcome.Errors), StringComparison.Ordinal);
        Assert.Empty(stockCommands);
        Assert.Equal(2, (await StockAsync(product.Id)).Backordered);
    }

    /// <summary>Places an order for one product and returns the statements on its stock row run inside a transaction.</summary>
    private async Task<(PlaceOrderResult Result, List<string> StockCommands)> PlaceRecordingAsync(int productId, int quantity)
    {
        Clock.Advance(TimeSpan.FromMinutes(1));
        await using var scope = App.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StorefrontDbContext>();
        using var log = new CommandLog(db);
        var result = await scope.ServiceProvider.GetRequiredService<OrderPlacement>().PlaceAsync(new PlaceOrderRequest(
            Guid.NewGuid().ToString("N"), "one@example.test", null,
            new ShippingAddress("A Customer", "1 High Street", null, "Springfield", "12345", "US"),
            [new OrderLineRequest(productId, quantity)], BackorderTermsAccepted: true));
        return (result, log.InTransaction.Where(sql => StockTable().IsMatch(sql)).ToList());
    }

    [GeneratedRegex("\"Stock\"(?!\\w)")]
    private static partial Regex StockTable();

    /// <summary>The SQL one context sends, from EF's diagnostic events (no change to the app under test).</summary>
    private sealed class CommandLog : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly DbContext _context;
        private readonly ConcurrentQueue<string> _inTransaction = new();
        private readonly List<IDisposable> _subscriptions = [];

        public CommandLog(DbContext context)
        {
            _context = context;
            lock (_subscriptions)
            {
                _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
            }
        }

        public IReadOnlyCollection<string> InTransaction => _inTransaction;

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(value.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData data
                && ReferenceEquals(data.Context, _context) && data.Command.Transaction is not null)
            {
                _inTransaction.Enqueue(data.Command.CommandText.TrimStart());
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
                _subscriptions.Clear();
            }
        }
    }
}

public sealed class PlacementHoldsStockInOneStatementOnSqlite(StorefrontHost host) : PlacementHoldsStockInOneStatement(host)
{
    [Fact]
    public Task AnInStockLineIsAllocatedByOneUpdateOfTheStockRow() => InStockLine();

    [Fact]
    public Task APartlyBackorderedLineIsHeldByOneUpdateWithTheDateOfItsPlaceInTheQueue() => PartlyBackorderedLine();

    [Fact]
    public Task ABackorderBehindOthersIsHeldByOneUpdateWithTheDateOfItsPlaceInTheQueue() => BackorderBehindAQueue();

    [Fact]
    public Task ALinePastTheCapIsRefusedWithoutTouchingTheStockRow() => PastTheCap();
}

[Collection(PostgresCollection.Name)]
public sealed class PlacementHoldsStockInOneStatementOnPostgres(PostgresServer postgres, StorefrontHost host) : PlacementHoldsStockInOneStatement(host)
{
    [PostgresFact]
    public Task AnInStockLineIsAllocatedByOneUpdateOfTheStockRow() => InStockLine();

    [PostgresFact]
    public Task APartlyBackorderedLineIsHeldByOneUpdateWithTheDateOfItsPlaceInTheQueue() => PartlyBackorderedLine();

    [PostgresFact]
    public Task ABackorderBehindOthersIsHeldByOneUpdateWithTheDateOfItsPlaceInTheQueue() => BackorderBehindAQueue();

    [PostgresFact]
    public Task ALinePastTheCapIsRefusedWithoutTouchingTheStockRow() => PastTheCap();

    protected override async Task<StorefrontOptions> OptionsAsync() =>
        new() { PostgresConnectionString = await postgres.CreateDatabaseAsync() };
}
