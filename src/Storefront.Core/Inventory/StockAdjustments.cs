using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;
using Storefront.Core.Etas;
using Storefront.Core.Orders;

namespace Storefront.Core.Inventory;

/// <summary>A product's stock as staff see it, with the check that its ledger adds up.</summary>
public sealed record StockSummary(int ProductId, int OnHand, int Allocated, int Backordered, int OpenBackorderLines, int LedgerSum)
{
    public int Available => OnHand - Allocated;

    public bool LedgerMatchesOnHand => LedgerSum == OnHand;
}

public sealed record LedgerPage(IReadOnlyList<StockLedgerEntry> Entries, int Page, int PageSize, int Total)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public enum AdjustmentOutcome
{
    Adjusted,
    Invalid,
    NotFound,
    /// <summary>A decrease would take on hand below zero or below what is allocated; nothing changed.</summary>
    Refused,
}

public sealed record AdjustmentResult(AdjustmentOutcome Outcome, string? Error, IReadOnlyList<FilledBackorder> Filled)
{
    public bool Succeeded => Outcome == AdjustmentOutcome.Adjusted;
}

/// <summary>
/// Manual stock corrections by staff (a recount, damage, a found box). Each is one ledger row with
/// who and why, and an increase serves the backorder queue, oldest first, before any unit becomes
/// available to new shoppers.
/// </summary>
public sealed class StockAdjustments(StorefrontDbContext db, InventoryEngine inventory)
{
    public const int MaxQuantity = 100_000;
    public const int MaxReasonLength = 200;

    public async Task<AdjustmentResult> AdjustAsync(int productId, int quantity, string? reason, string actor, CancellationToken ct = default)
    {
        if (await CheckAsync(productId, quantity, reason, actor, ct) is { } refused)
        {
            return refused;
        }
        var why = reason!.Trim();
        try
        {
            return await db.InTransactionAsync(async ct =>
            {
                // Freed units go to the oldest waiting customers before new shoppers can have them.
                var settled = await inventory.AdjustAsync(productId, quantity, new StockReason(why, actor), ct);
                return new AdjustmentResult(AdjustmentOutcome.Adjusted, null, settled.Filled);
            }, ct: ct);
        }
        catch (InsufficientStockException)
        {
            db.ChangeTracker.Clear();
            var now = await db.Stock.AsNoTracking().SingleAsync(s => s.ProductId == productId, ct);
            return new AdjustmentResult(AdjustmentOutcome.Refused,
                $"Cannot remove {-quantity} units: {now.OnHand} are on hand and {now.Allocated} of them are promised to orders, so at most {now.OnHand - now.Allocated} can be removed. Nothing was changed.",
                []);
        }
    }

    /// <summary>
    /// The same adjustment, checked the same way, inside a transaction the caller holds (an import
    /// saving a chunk of products). Removing more than is free throws <see cref="InsufficientStockException"/>,
    /// so the caller rolls back.
    /// </summary>
    public async Task<AdjustmentResult> AdjustWithinAsync(int productId, int quantity, string? reason, string actor, CancellationToken ct = default)
    {
        if (await CheckAsync(productId, quantity, reason, actor, ct) is { } refused)
        {
            return refused;
        }
        var settled = await inventory.AdjustAsync(productId, quantity, new StockReason(reason!.Trim(), actor), ct);
        return new AdjustmentResult(AdjustmentOutcome.Adjusted, null, settled.Filled);
    }

    /// <summary>Why an adjustment cannot be made, or null when it can.</summary>
    private async Task<AdjustmentResult?> CheckAsync(int productId, int quantity, string? reason, string actor, CancellationToken ct)
    {
        var why = reason?.Trim() ?? "";
        if (quantity == 0)
        {
            return Invalid("Enter how many units to add (for example 5) or remove (for example -2); it cannot be 0.");
        }
        if (quantity is > MaxQuantity or < -MaxQuantity)
        {
            return Invalid($"An adjustment can change stock by at most {MaxQuantity:N0} units at once.");
        }
        if (why.Length == 0)
        {
            return Invalid("Give a reason for the adjustment, for example \"Recount after stocktake\".");
        }
        if (why.Length > MaxReasonLength)
        {
            return Invalid($"The reason can be at most {MaxReasonLength} characters.");
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (!await db.Stock.AnyAsync(s => s.ProductId == productId, ct))
        {
            return new AdjustmentResult(AdjustmentOutcome.NotFound, "There is no such product.", []);
        }
        return null;

        static AdjustmentResult Invalid(string message) => new(AdjustmentOutcome.Invalid, message, []);
    }

    /// <summary>Stock, open backorder lines and the ledger total of one product: three SQL commands.</summary>
    public async Task<StockSummary?> SummaryAsync(int productId, CancellationToken ct = default)
    {
        var row = await db.Stock.AsNoTracking().FirstOrDefaultAsync(s => s.ProductId == productId, ct);
        if (row is null)
        {
            return null;
        }
        var openLines = await db.BackorderLines.CountAsync(l => l.ProductId == productId && l.Status == BackorderStatus.Open, ct);
        var ledgerSum = await db.StockLedger.Where(e => e.ProductId == productId).SumAsync(e => (int?)e.Quantity, ct) ?? 0;
        return new StockSummary(productId, row.OnHand, row.Allocated, row.Backordered, openLines, ledgerSum);
    }

    /// <summary>The product's ledger, newest first.</summary>
    public async Task<LedgerPage> LedgerAsync(int productId, int page, int pageSize = 25, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, 200);
        var query = db.StockLedger.AsNoTracking().Where(e => e.ProductId == productId);
        var total = await query.CountAsync(ct);
        var pages = Math.Max(1, (total + pageSize - 1) / pageSize);
        page = Math.Clamp(page, 1, pages);
        var entries = await query.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new LedgerPage(entries, page, pageSize, total);
    }
}
