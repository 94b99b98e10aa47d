using System.Collections.Concurrent;
using System.Data.Common;
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

    /// <summary>
    /// Inside the placing transaction, after the stock UPDATE: one save for the order's lines, their
    /// backorder and the product's change row together, and no savepoint around any save (on
    /// PostgreSQL releasing one is a round trip of its own). The change row used to be a command of
    /// its own at the commit (sent past EF, so not recorded here); now the save writes it, and where
    /// the provider batches (PostgreSQL), in one batch with the lines.
    /// </summary>
    protected async Task ChangeRowWithTheLines(bool batched)
    {
        var product = await App.Data().Product("ONE-5").OnHand(1).BackorderableUpTo(10).RestockExpected(Today.AddDays(20)).SaveAsync();

        var (outcome, commands) = await PlaceRecordingAllAsync(product.Id, 3);

        Assert.Equal(PlaceOrderOutcome.Placed, outcome.Outcome);
        Assert.DoesNotContain(commands, sql => sql.Contains("SAVEPOINT", StringComparison.OrdinalIgnoreCase));
        var afterStock = commands.SkipWhile(sql => !StockTable().IsMatch(sql)).Skip(1).ToList();
        var changeRow = Assert.Single(afterStock, sql => sql.Contains("\"CatalogChanges\"", StringComparison.Ordinal));
        if (batched)
        {
            Assert.True(changeRow.Contains("\"OrderLines\"", StringComparison.Ordinal) || changeRow.Contains("\"BackorderLines\"", StringComparison.Ordinal), changeRow);
        }
        // The row still reaches the other instances: written once, committed with the order.
        await using var scope = App.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StorefrontDbContext>();
        Assert.True(await db.CatalogChanges.AnyAsync(c => c.ProductId == product.Id));
    }

    /// <summary>Places an order for one product and returns the statements on its stock row run inside a transaction.</summary>
    private async Task<(PlaceOrderResult Result, List<string> StockCommands)> PlaceRecordingAsync(int productId, int quantity)
    {
        var (result, commands) = await PlaceRecordingAllAsync(productId, quantity);
        return (result, commands.Where(sql => StockTable().IsMatch(sql)).ToList());
    }

    /// <summary>Places an order for one product and returns every statement run inside its transaction, savepoints included.</summary>
    private async Task<(PlaceOrderResult Result, List<string> Commands)> PlaceRecordingAllAsync(int productId, int quantity)
    {
        Clock.Advance(TimeSpan.FromMinutes(1));
        await using var scope = App.CreateScope();
        var commands = CommandRecorder.Begin();
        try
        {
            var result = await scope.ServiceProvider.GetRequiredService<OrderPlacement>().PlaceAsync(new PlaceOrderRequest(
                Guid.NewGuid().ToString("N"), "one@example.test", null,
                new ShippingAddress("A Customer", "1 High Street", null, "Springfield", "12345", "US"),
                [new OrderLineRequest(productId, quantity)], BackorderTermsAccepted: true));
            return (result, commands.ToList());
        }
        finally
        {
            CommandRecorder.End();
        }
    }

    /// <summary>The host these tests run on: the store as configured, plus a recorder of the SQL it sends.</summary>
    protected static StorefrontOptions Recording(StorefrontOptions options) => options with
    {
        ConfigureServices = services => services.ConfigureDbContext<StorefrontDbContext>(db => db.AddInterceptors(CommandRecorder.Instance, SavepointRecorder.Instance)),
    };

    [GeneratedRegex("\"Stock\"(?!\\w)")]
    private static partial Regex StockTable();

    /// <summary>Records, with the commands, every savepoint a save inside the recorded transaction makes.</summary>
    private sealed class SavepointRecorder : DbTransactionInterceptor
    {
        public static readonly SavepointRecorder Instance = new();

        public override InterceptionResult CreatingSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
        {
            CommandRecorder.Current.Value?.Enqueue("SAVEPOINT");
            return result;
        }

        public override ValueTask<InterceptionResult> CreatingSavepointAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            CommandRecorder.Current.Value?.Enqueue("SAVEPOINT");
            return ValueTask.FromResult(result);
        }
    }

    /// <summary>
    /// Records the SQL sent inside a transaction by the code running in the recording's async flow
    /// (the placement under test), whatever pooled context it uses.
    /// </summary>
    private sealed class CommandRecorder : DbCommandInterceptor
    {
        public static readonly CommandRecorder Instance = new();

        public static readonly AsyncLocal<ConcurrentQueue<string>?> Current = new();

        public static ConcurrentQueue<string> Begin() => Current.Value = new ConcurrentQueue<string>();

        public static void End() => Current.Value = null;

        private static T Record<T>(DbCommand command, T result)
        {
            if (Current.Value is { } commands && command.Transaction is not null)
            {
                commands.Enqueue(command.CommandText.TrimStart());
            }
            return result;
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
            Record(command, result);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Record(command, result));

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
            Record(command, result);

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Record(command, result));

        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
            Record(command, result);

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Record(command, result));
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

    [Fact]
    public Task APlacedOrdersChangeRowIsSavedWithItsLinesWithoutSavepoints() => ChangeRowWithTheLines(batched: false);

    protected override Task<StorefrontOptions> OptionsAsync() => Task.FromResult(Recording(new StorefrontOptions()));
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

    [PostgresFact]
    public Task APlacedOrdersChangeRowIsSavedWithItsLinesWithoutSavepoints() => ChangeRowWithTheLines(batched: true);

    protected override async Task<StorefrontOptions> OptionsAsync() =>
        Recording(new() { PostgresConnectionString = await postgres.CreateDatabaseAsync() });
}
