using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Storefront.Core.Data;

namespace Storefront.Core.Availability;

/// <summary>
/// "This product's availability changed", raised once the transaction that changed it has
/// committed, so a cache that listens never reloads a state that may still roll back. The
/// <see cref="Version"/> stamp grows with every change this instance made; other instances sharing
/// the database learn of changes from the database itself.
/// </summary>
public sealed class AvailabilitySignal
{
    private long _version;

    /// <summary>Raised after commit with the products whose stock, queue or dates changed.</summary>
    public event Action<IReadOnlyCollection<int>>? Changed;

    public long Version => Interlocked.Read(ref _version);

    public void Publish(IReadOnlyCollection<int> productIds)
    {
        if (productIds.Count == 0)
        {
            return;
        }
        Interlocked.Increment(ref _version);
        Changed?.Invoke(productIds);
    }
}

/// <summary>
/// Hands the products the inventory engine marked in a transaction to <see cref="AvailabilitySignal"/>
/// when it commits, and forgets them when it rolls back.
/// </summary>
public sealed class AvailabilitySignalInterceptor(AvailabilitySignal signal) : DbTransactionInterceptor
{
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

    private void Flush(TransactionEndEventData eventData, bool publish)
    {
        if (eventData.Context is not StorefrontDbContext db || db.ChangedProducts.Count == 0)
        {
            return;
        }
        var ids = db.ChangedProducts.ToArray();
        db.ChangedProducts.Clear();
        if (publish)
        {
            signal.Publish(ids);
        }
    }
}
