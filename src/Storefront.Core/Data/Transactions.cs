using Microsoft.EntityFrameworkCore;

namespace Storefront.Core.Data;

/// <summary>
/// The one way the store opens a transaction: under the provider's execution strategy (SQL Server
/// retries transient faults, and a retried attempt starts from a clear change tracker), committed
/// when the work says so, rolled back otherwise or when it throws.
/// </summary>
public static class Transactions
{
    /// <summary>Runs <paramref name="work"/> in one transaction; commits when <paramref name="commitWhen"/> (default: always) holds for its result.</summary>
    public static Task<T> InTransactionAsync<T>(this StorefrontDbContext db, Func<CancellationToken, Task<T>> work,
        Func<T, bool>? commitWhen = null, CancellationToken ct = default) =>
        RunAsync(db, work, commitWhen, clearTracker: true, ct);

    /// <summary>
    /// Saves changes already tracked (an edited entity, its concurrency token set) and runs
    /// <paramref name="work"/> after them, in one transaction. The tracker is not cleared: a retried
    /// attempt saves the same changes again.
    /// </summary>
    public static Task SaveInTransactionAsync(this StorefrontDbContext db, Func<CancellationToken, Task> work, CancellationToken ct = default) =>
        RunAsync<bool>(db, async token =>
        {
            await db.SaveChangesAsync(token);
            await work(token);
            return true;
        }, null, clearTracker: false, ct);

    private static Task<T> RunAsync<T>(StorefrontDbContext db, Func<CancellationToken, Task<T>> work, Func<T, bool>? commitWhen,
        bool clearTracker, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return strategy.ExecuteAsync(async () =>
        {
            if (clearTracker)
            {
                db.ChangeTracker.Clear();
            }
            using var turn = await SqliteWriteGate.EnterAsync(db, ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Every transaction here commits or rolls back whole; none carries on after a failed save.
            // So no savepoint around each SaveChanges: on PostgreSQL releasing one is a round trip
            // of its own, two per placed order (docs/benchmarks.md, 2026-12-07).
            var savepoints = db.Database.AutoSavepointsEnabled;
            db.Database.AutoSavepointsEnabled = false;
            try
            {
                var result = await work(ct);
                if (commitWhen is null || commitWhen(result))
                {
                    await tx.CommitAsync(ct);
                }
                else
                {
                    await tx.RollbackAsync(ct);
                }
                return result;
            }
            finally
            {
                db.Database.AutoSavepointsEnabled = savepoints;
            }
        });
    }

    /// <summary>
    /// Runs writes that need no transaction of their own (one INSERT, one conditional UPDATE). On
    /// SQLite they take their turn for the write lock with the transactions; elsewhere they just run.
    /// </summary>
    public static async Task<T> WriteAsync<T>(this StorefrontDbContext db, Func<CancellationToken, Task<T>> work, CancellationToken ct = default)
    {
        using var turn = await SqliteWriteGate.EnterAsync(db, ct);
        return await work(ct);
    }

    /// <summary>Runs <paramref name="work"/> in one transaction and commits it.</summary>
    public static Task InTransactionAsync(this StorefrontDbContext db, Func<CancellationToken, Task> work, CancellationToken ct = default) =>
        db.InTransactionAsync<bool>(async token =>
        {
            await work(token);
            return true;
        }, ct: ct);
}
