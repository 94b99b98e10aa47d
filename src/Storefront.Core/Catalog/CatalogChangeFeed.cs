using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Storefront.Core.Availability;
using Storefront.Core.Data;
using Storefront.Core.Jobs;

namespace Storefront.Core.Catalog;

/// <summary>
/// Hears what the other instances sharing the database changed: every
/// <see cref="CatalogCacheOptions.ChangePollInterval"/> it reads the <see cref="CatalogChange"/> rows
/// committed since the last pass and raises <see cref="AvailabilitySignal"/> for them, so this
/// instance forgets what it cached within one interval of their commit (ADR 0017).
/// </summary>
/// <remarks>
/// Row ids are handed out when a transaction writes its rows but become visible when it commits, so
/// a later id can be seen before an earlier one. The feed keeps reading from the lowest id it has not
/// seen (up to <see cref="GapPatience"/>, after which a missing id is taken as rolled back) and
/// remembers the ids above it it has already handled.
/// </remarks>
public sealed class CatalogChangeFeed(IServiceScopeFactory scopes, AvailabilitySignal signal, IOptions<CatalogCacheOptions> options, ILogger<CatalogChangeFeed> logger)
    : RecurringJob(scopes, logger)
{
    /// <summary>How long an id may be missing below ids already seen before it is taken as never coming.</summary>
    public static readonly TimeSpan GapPatience = TimeSpan.FromSeconds(5);

    /// <summary>Rows older than this many ids behind the newest are deleted (every instance has long read them).</summary>
    public const int RowsKept = 50_000;

    private const int MaxRowsPerPass = 5_000;
    private static readonly TimeSpan TrimEvery = TimeSpan.FromMinutes(10);

    private long? _contiguous;
    private readonly HashSet<long> _seenAbove = [];
    private long _gapNoticedAt;
    private long _lastTrim = Stopwatch.GetTimestamp();
    private int _emptyPasses;

    protected override TimeSpan Interval => options.Value.ChangePollInterval;

    protected override string Activity => "Reading catalog changes from other instances";

    protected override async Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<StorefrontDbContext>();
        if (_contiguous is null)
        {
            // Start from now: what this instance caches is loaded after this point.
            _contiguous = await NewestIdAsync(db, ct);
            return 0;
        }
        var after = _contiguous.Value;
        var rows = await db.CatalogChanges.AsNoTracking()
            .Where(c => c.Id > after)
            .OrderBy(c => c.Id).Take(MaxRowsPerPass)
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            // A database restored from a backup starts its ids again lower down: follow it.
            if (++_emptyPasses % 4 == 0 && await NewestIdAsync(db, ct) is var newest && newest < after)
            {
                _contiguous = newest;
                _seenAbove.Clear();
            }
            await TrimAsync(db, ct);
            return 0;
        }
        _emptyPasses = 0;
        var news = rows.Where(r => _seenAbove.Add(r.Id) && r.Origin != signal.Origin).ToList();
        if (news.Count > 0)
        {
            signal.Publish(new CatalogChangeSet(
                news.Where(r => r.ProductId is not null).Select(r => r.ProductId!.Value).Distinct().ToArray(),
                news.Where(r => r.ProductId is not null && r.Listing).Select(r => r.ProductId!.Value).Distinct().ToArray(),
                Everything: news.Any(r => r.ProductId is null)));
        }
        Advance();
        await TrimAsync(db, ct);
        // The count is not logged: a busy store hears changes on every pass.
        return 0;
    }

    /// <summary>Moves the low-water mark over every id seen, and over a gap that has waited long enough.</summary>
    private void Advance()
    {
        var contiguous = _contiguous!.Value;
        while (true)
        {
            if (_seenAbove.Remove(contiguous + 1))
            {
                contiguous++;
                _gapNoticedAt = 0;
                continue;
            }
            if (_seenAbove.Count == 0)
            {
                break;
            }
            if (_gapNoticedAt == 0)
            {
                _gapNoticedAt = Stopwatch.GetTimestamp();
                break;
            }
            if (Stopwatch.GetElapsedTime(_gapNoticedAt) < GapPatience)
            {
                break;
            }
            // Waited long enough: that id was rolled back.
            contiguous++;
            _gapNoticedAt = 0;
        }
        _contiguous = contiguous;
    }

    private async Task TrimAsync(StorefrontDbContext db, CancellationToken ct)
    {
        if (Stopwatch.GetElapsedTime(_lastTrim) < TrimEvery)
        {
            return;
        }
        _lastTrim = Stopwatch.GetTimestamp();
        var below = _contiguous!.Value - RowsKept;
        if (below > 0)
        {
            await db.CatalogChanges.Where(c => c.Id < below).ExecuteDeleteAsync(ct);
        }
    }

    private static async Task<long> NewestIdAsync(StorefrontDbContext db, CancellationToken ct) =>
        await db.CatalogChanges.MaxAsync(c => (long?)c.Id, ct) ?? 0;
}
