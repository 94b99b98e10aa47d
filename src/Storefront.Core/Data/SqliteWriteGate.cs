using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace Storefront.Core.Data;

/// <summary>
/// SQLite has one writer per database file, and a transaction the store opens takes the write lock
/// at BEGIN (IMMEDIATE). Left to SQLite, writers that find the lock taken sleep and retry, so under a
/// crowd most of the time goes to sleeping, in no particular order, on blocked threads. Instead the
/// store's writers to one file queue here, asynchronously and first come first served, and each
/// finds the lock free when its turn comes (ADR 0018). Other providers pass straight through.
/// </summary>
/// <remarks>
/// One process per file is the embedded store's shape; a second process writing the same file still
/// works, its writers meeting SQLite's own busy handling as before. A turn is given up if not granted
/// within the connection's busy timeout, with the same failure SQLite would have given.
/// </remarks>
internal static class SqliteWriteGate
{
    private const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    public static async Task<IDisposable?> EnterAsync(StorefrontDbContext db, CancellationToken ct)
    {
        if (db.Database.ProviderName != SqliteProvider || db.Database.CurrentTransaction is not null)
        {
            // Not SQLite, or already inside this context's transaction (which holds the turn).
            return null;
        }
        var connection = db.Database.GetDbConnection();
        var gate = Gates.GetOrAdd(Path.GetFullPath(connection.DataSource is { Length: > 0 } file ? file : connection.ConnectionString), _ => new SemaphoreSlim(1, 1));
        var timeout = TimeSpan.FromSeconds(BusyTimeoutSeconds(connection.ConnectionString));
        if (!await gate.WaitAsync(timeout, ct))
        {
            throw new TimeoutException("The database stayed busy with other writes; please try again.");
        }
        return new Turn(gate);
    }

    /// <summary>The connection string's "Default Timeout" (how long SQLite retries a busy database), 30 s when unset.</summary>
    private static int BusyTimeoutSeconds(string connectionString)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return builder.TryGetValue("Default Timeout", out var value) && int.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture),
            NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : 30;
    }

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
