using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
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

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
