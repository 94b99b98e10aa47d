using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;
using Storefront.Core.Inventory;

namespace Storefront.Core.Orders;

public enum QueueControlOutcome
{
    Moved,
    NotFound,

    /// <summary>The line is not open, or already pinned/held/released as asked: nothing changed.</summary>
    Unchanged,
    ReasonRequired,
}

/// <summary>
/// Staff control of a product's backorder queue (ADR 0021): pin a line to the front or hold it aside
/// (skipped by the fill) until released, always with a reason, which is recorded with who did it.
/// The inventory engine makes the change and settles the queue, so ETAs behind move and customers
/// are told like any other move.
/// </summary>
public sealed class QueueControl(StorefrontDbContext db, InventoryEngine inventory)
{
    public const int MaxReasonLength = Orders.BackorderEvent.MaxDetailLength;

    public static string? ValidateReason(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? "Give a reason: it is kept with the line for everyone who looks at it later."
        : reason.Trim().Length > MaxReasonLength ? $"The reason can be at most {MaxReasonLength} characters."
        : null;

    public async Task<QueueControlOutcome> MoveAsync(int backorderLineId, QueueMove move, string? reason, string actor, CancellationToken ct = default)
    {
        if (ValidateReason(reason) is not null)
        {
            return QueueControlOutcome.ReasonRequired;
        }
        if (!await db.BackorderLines.AnyAsync(b => b.Id == backorderLineId, ct))
        {
            return QueueControlOutcome.NotFound;
        }
        var settled = await db.InTransactionAsync(ct => inventory.MoveInQueueAsync(backorderLineId, move, reason!.Trim(), actor, ct), s => s is not null, ct);
        db.ChangeTracker.Clear();
        return settled is null ? QueueControlOutcome.Unchanged : QueueControlOutcome.Moved;
    }
}
