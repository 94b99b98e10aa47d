using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Storefront.Core.Catalog;
using Storefront.Core.Data;
using Storefront.Core.Inventory;

namespace Storefront.Core.Availability;

/// <summary>What one committed transaction changed of what shoppers see.</summary>
/// <param name="Products">Products whose availability or details changed.</param>
/// <param name="Listings">Of those, the ones whose place in listings may have moved (name, price, status…).</param>
/// <param name="Everything">The whole catalog changed (a category, a new product): forget everything.</param>
public sealed record CatalogChangeSet(IReadOnlyCollection<int> Products, IReadOnlyCollection<int> Listings, bool Everything)
{
    public bool IsEmpty => !Everything && Products.Count == 0;
}

/// <summary>
/// "This product's availability changed", raised once the transaction that changed it has
/// committed, so a cache that listens never reloads a state that may still roll back. The same
/// transaction wrote a <see cref="CatalogChange"/> row per product, which is how the other instances
/// sharing the database hear of it (<see cref="CatalogChangeFeed"/>, ADR 0017).
/// </summary>
public sealed class AvailabilitySignal
{
    private long _version;

    /// <summary>Raised after commit (here) or after the change feed read it (another instance's change).</summary>
    public event Action<CatalogChangeSet>? Changed;

    public long Version => Interlocked.Read(ref _version);

    /// <summary>This instance, among those sharing the database; its own change rows are not news to it.</summary>
    public long Origin { get; } = Random.Shared.NextInt64(1, long.MaxValue);

    public void Publish(CatalogChangeSet changes)
    {
        if (changes.IsEmpty)
        {
            return;
        }
        Interlocked.Increment(ref _version);
        Changed?.Invoke(changes);
    }
}

/// <summary>
/// Collects what a unit of work changed of the catalog: the products the inventory engine marked,
/// and every product, stock row, delivery or category the change tracker saves. In the transaction
/// it writes one <see cref="CatalogChange"/> row each (so the record commits or rolls back with the
/// change): with the transaction's next save when there is one (a placed order's lines), otherwise
/// just before it commits; after the commit it raises <see cref="AvailabilitySignal"/>.
/// A save outside any transaction adds its rows to the save itself.
/// </summary>
public sealed class AvailabilitySignalInterceptor(AvailabilitySignal signal) : DbTransactionInterceptor, ISaveChangesInterceptor
{
    private const int RowsPerInsert = 200;

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        SavingChanges(eventData, result);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is not StorefrontDbContext db)
        {
            return result;
        }
        MarkTracked(db);
        if (db.Database.CurrentTransaction is null && HasChanges(db))
        {
            // No transaction to hook: the rows go into this save, and the signal follows it.
            var changes = Take(db);
            foreach (var row in Rows(changes, signal.Origin))
            {
                db.CatalogChanges.Add(row);
            }
            db.PendingSignal = changes;
        }
        else if (db.Database.CurrentTransaction is not null && Unwritten(db) is { IsEmpty: false } unwritten)
        {
            // The rows ride along with this save instead of taking a command of their own at the
            // commit: for a placed order, one round trip fewer while its stock row is locked.
            var rows = Rows(unwritten, signal.Origin);
            db.CatalogChanges.AddRange(rows);
            db.ChangeRowsInSave = rows;
        }
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        SavedChanges(eventData, result);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is StorefrontDbContext { ChangeRowsInSave: { } written } saved)
        {
            saved.ChangeRowsInSave = null;
            foreach (var row in written)
            {
                if (row.ProductId is { } id)
                {
                    saved.WrittenChanges[id] = row.Listing || saved.WrittenChanges.GetValueOrDefault(id);
                }
                else
                {
                    saved.WroteEverything = true;
                }
            }
        }
        if (eventData.Context is StorefrontDbContext { PendingSignal: { } changes } db)
        {
            db.PendingSignal = null;
            signal.Publish(changes);
        }
        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is StorefrontDbContext db)
        {
            db.PendingSignal = null;
            db.ChangeRowsInSave = null;
            foreach (var entry in db.ChangeTracker.Entries<CatalogChange>().Where(e => e.State == EntityState.Added).ToList())
            {
                entry.State = EntityState.Detached;
            }
        }
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        if (eventData.Context is StorefrontDbContext db && Unwritten(db) is { IsEmpty: false } unwritten)
        {
            foreach (var command in InsertCommands(transaction, Rows(unwritten, signal.Origin), signal.Origin))
            {
                using (command)
                {
                    command.ExecuteNonQuery();
                }
            }
        }
        return result;
    }

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is StorefrontDbContext db && Unwritten(db) is { IsEmpty: false } unwritten)
        {
            foreach (var command in InsertCommands(transaction, Rows(unwritten, signal.Origin), signal.Origin))
            {
                await using (command)
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
            }
        }
        return result;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Flush(eventData, publish: true);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Flush(eventData, publish: true);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Flush(eventData, publish: false);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Flush(eventData, publish: false);
        return Task.CompletedTask;
    }

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Flush(eventData, publish: false);

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Flush(eventData, publish: false);
        return Task.CompletedTask;
    }

    private void Flush(DbContextEventData eventData, bool publish)
    {
        if (eventData.Context is not StorefrontDbContext db || !HasChanges(db))
        {
            return;
        }
        var changes = Take(db);
        if (publish)
        {
            signal.Publish(changes);
        }
    }

    /// <summary>Marks what the change tracker is about to save: products, their stock and deliveries, categories.</summary>
    private static void MarkTracked(StorefrontDbContext db)
    {
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }
            switch (entry.Entity)
            {
                case Product product when entry.State == EntityState.Modified:
                    db.ChangedProducts.Add(product.Id);
                    db.ChangedListings.Add(product.Id);
                    break;
                case Product:
                case Category:
                    // A new product has no id yet, and a category shows on every page: forget it all.
                    db.ChangedEverything = true;
                    break;
                case Stock stock when entry.State != EntityState.Added:
                    db.ChangedProducts.Add(stock.ProductId);
                    break;
                case InboundDelivery delivery:
                    db.ChangedProducts.Add(delivery.ProductId);
                    break;
            }
        }
    }

    private static bool HasChanges(StorefrontDbContext db) => db.ChangedEverything || db.ChangedProducts.Count > 0;

    private static CatalogChangeSet Peek(StorefrontDbContext db) =>
        new(db.ChangedProducts.ToArray(), db.ChangedListings.ToArray(), db.ChangedEverything);

    /// <summary>What the open transaction changed that none of its saves has written a row for yet.</summary>
    private static CatalogChangeSet Unwritten(StorefrontDbContext db)
    {
        if (db.WrittenChanges.Count == 0 && !db.WroteEverything)
        {
            return Peek(db);
        }
        var listings = db.ChangedListings.Where(id => !db.WrittenChanges.GetValueOrDefault(id)).ToArray();
        var products = db.ChangedProducts.Where(id => !db.WrittenChanges.ContainsKey(id)).Union(listings).ToArray();
        return new(products, listings, db.ChangedEverything && !db.WroteEverything);
    }

    private static CatalogChangeSet Take(StorefrontDbContext db)
    {
        var changes = Peek(db);
        db.ChangedProducts.Clear();
        db.ChangedListings.Clear();
        db.ChangedEverything = false;
        db.WrittenChanges.Clear();
        db.WroteEverything = false;
        return changes;
    }

    private static List<CatalogChange> Rows(CatalogChangeSet changes, long origin)
    {
        var listings = changes.Listings.ToHashSet();
        var rows = changes.Products.Select(id => new CatalogChange { ProductId = id, Listing = listings.Contains(id), Origin = origin }).ToList();
        if (changes.Everything)
        {
            rows.Add(new CatalogChange { ProductId = null, Listing = true, Origin = origin });
        }
        return rows;
    }

    /// <summary>Plain INSERTs that every supported provider reads the same way ("quoted" names, @ parameters).</summary>
    private static IEnumerable<DbCommand> InsertCommands(DbTransaction transaction, List<CatalogChange> rows, long origin)
    {
        var connection = transaction.Connection ?? throw new InvalidOperationException("The transaction has no connection.");
        foreach (var chunk in rows.Chunk(RowsPerInsert))
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            var sql = new StringBuilder("INSERT INTO \"CatalogChanges\" (\"ProductId\", \"Listing\", \"Origin\") VALUES ");
            for (var i = 0; i < chunk.Length; i++)
            {
                var index = i.ToString(CultureInfo.InvariantCulture);
                sql.Append(i == 0 ? "" : ", ").Append("(@p").Append(index).Append(", @l").Append(index).Append(", @o)");
                AddParameter(command, "@p" + index, DbType.Int32, chunk[i].ProductId is { } id ? id : DBNull.Value);
                AddParameter(command, "@l" + index, DbType.Boolean, chunk[i].Listing);
            }
            AddParameter(command, "@o", DbType.Int64, origin);
            command.CommandText = sql.ToString();
            yield return command;
        }
    }

    private static void AddParameter(DbCommand command, string name, DbType type, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
