using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Storefront.Core.Etas;
using Storefront.Core.Inventory;
using Storefront.Web.Infrastructure;

namespace Storefront.Tests.Migrations;

public sealed class SqliteMigrations : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "storefront-tests", Guid.NewGuid().ToString("N"));

    private string ConnectionString => $"Data Source={Path.Combine(_folder, "migrate.db")}";

    public SqliteMigrations() => Directory.CreateDirectory(_folder);

    [Fact]
    public async Task MigrationsCreateAnEmptyFileDatabaseMatchingTheModel()
    {
        await using var db = MigrationContexts.For(DatabaseProvider.Sqlite, ConnectionString);

        await db.Database.MigrateAsync();

        await MigrationContexts.AssertFullyMigratedAsync(db);
    }

    [Fact]
    public async Task MigratingTwiceIsHarmless()
    {
        await using (var first = MigrationContexts.For(DatabaseProvider.Sqlite, ConnectionString))
        {
            await first.Database.MigrateAsync();
        }
        await using var second = MigrationContexts.For(DatabaseProvider.Sqlite, ConnectionString);

        await second.Database.MigrateAsync();

        await MigrationContexts.AssertFullyMigratedAsync(second);
    }

    [Fact]
    public async Task TheSchemaRefusesAllocatingMoreThanIsOnHand()
    {
        await using var db = MigrationContexts.For(DatabaseProvider.Sqlite, ConnectionString);
        await db.Database.MigrateAsync();

        var insert = () => db.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"Categories\" (\"Name\", \"Slug\", \"Description\", \"SortOrder\") VALUES ('c', 'c', '', 0);" +
            "INSERT INTO \"Products\" (\"Sku\", \"Name\", \"Slug\", \"Description\", \"CategoryId\", \"PriceAmount\", \"Currency\", \"ImageUrl\", \"Status\", \"BackorderPolicy\", \"LowStockThreshold\", \"CreatedAt\", \"Version\") " +
            "VALUES ('S', 'n', 's', '', 1, 1, 'USD', '', 0, 0, 5, '2027-01-01', 0);" +
            "INSERT INTO \"Stock\" (\"ProductId\", \"OnHand\", \"Allocated\", \"Backordered\") VALUES (1, 2, 3, 0);");

        await Assert.ThrowsAsync<SqliteException>(insert);
        Assert.Empty(await db.Set<Stock>().ToListAsync());
    }

    /// <summary>
    /// A store upgraded with ETA history already recorded: each row gets the kind its staff text
    /// shows, so customers read the right words and never the text itself; anything else reads a plain sentence.
    /// </summary>
    [Fact]
    public async Task EtaChangesRecordedBeforeKindsExistedGetTheKindTheirTextShows()
    {
        await using var db = MigrationContexts.For(DatabaseProvider.Sqlite, ConnectionString);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("20261126160304_InitialCreate");
        string[] reasons =
        [
            "Delivery #11 (PO-2026-0420) changed (date 2026-12-19 → 2027-01-15): Supplier delayed the container",
            "Stock adjusted: found behind pallet 4",
            "Received PO-77",
            "Restock date set to 2027-04-20: Factory closed",
            "An unpaid order ahead in the queue was released",
            "Called Jim at the supplier",
        ];
        // Rows only: the backorder lines they belong to are beside the point here.
        for (var i = 0; i < reasons.Length; i++)
        {
            var (id, reason) = (i + 1, reasons[i]);
            await db.Database.ExecuteSqlAsync($"PRAGMA foreign_keys = OFF; INSERT INTO \"EtaChanges\" (\"Id\", \"BackorderLineId\", \"OldEta\", \"NewEta\", \"ChangedAt\", \"ChangedBy\", \"Reason\") VALUES ({id}, 1, '2026-12-19', '2027-01-15', '2026-12-01 10:00:00', 'jim', {reason})");
        }

        await migrator.MigrateAsync();

        var rows = await db.EtaChanges.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
        Assert.Equal(
            [EtaChangeKind.DeliveryChanged, EtaChangeKind.StockAdjusted, EtaChangeKind.StockReceived, EtaChangeKind.RestockDateChanged, EtaChangeKind.OrderAheadReleased, EtaChangeKind.Unspecified],
            rows.Select(r => r.Kind));
        Assert.Equal(reasons, rows.Select(r => r.Reason));
        Assert.Equal("Our supplier's shipment changed and is running late", rows[0].CustomerReason);
        Assert.Equal("The expected date moved later", rows[^1].CustomerReason);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
