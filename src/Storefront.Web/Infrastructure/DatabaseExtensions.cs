using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Storefront.Core.Data;

namespace Storefront.Web.Infrastructure;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations at start-up; production may run them from a pipeline instead.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Seed the demo catalog into an empty database.</summary>
    public bool SeedDemoData { get; set; }
}

public static class DatabaseExtensions
{
    public static WebApplicationBuilder AddStorefrontDatabase(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.Services.Configure<DatabaseOptions>(builder.Configuration.GetSection(DatabaseOptions.Section));
        var connectionString = builder.Configuration.GetConnectionString("Storefront");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (options.Provider != DatabaseProvider.Sqlite)
            {
                throw new InvalidOperationException($"ConnectionStrings:Storefront is required for the {options.Provider} provider.");
            }
            var dataFolder = Path.Combine(builder.Environment.ContentRootPath, "App_Data");
            Directory.CreateDirectory(dataFolder);
            connectionString = $"Data Source={Path.Combine(dataFolder, "storefront.db")}";
        }
        else if (options.Provider == DatabaseProvider.Sqlite)
        {
            var path = new SqliteConnectionStringBuilder(connectionString).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(path, builder.Environment.ContentRootPath));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        // Contexts are pooled and their options built once: creating a context with its options for
        // every request cost more than rendering a whole cached product page (docs/benchmarks.md).
        builder.Services.AddDbContextPool<StorefrontDbContext>(db => Configure(db, options.Provider, connectionString));
        builder.Services.AddHealthChecks().AddDbContextCheck<StorefrontDbContext>("database");
        builder.AddSqlCommandCounting();
        return builder;
    }

    public static void Configure(DbContextOptionsBuilder db, DatabaseProvider provider, string connectionString)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                // A generous busy timeout lets concurrent writers queue for SQLite's single write lock.
                var sqlite = new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = 60, Pooling = true };
                db.UseSqlite(sqlite.ConnectionString, o => o.MigrationsAssembly("Storefront.Migrations.Sqlite"));
                break;
            case DatabaseProvider.SqlServer:
                db.UseSqlServer(connectionString, o => o.MigrationsAssembly("Storefront.Migrations.SqlServer").EnableRetryOnFailure());
                break;
            case DatabaseProvider.PostgreSql:
                db.UseNpgsql(WithPostgreSqlDefaults(connectionString), o => o.MigrationsAssembly("Storefront.Migrations.PostgreSql"));
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider {provider}.");
        }
    }

    /// <summary>
    /// The store's own defaults for a PostgreSQL connection string; whatever the string says itself wins.
    /// </summary>
    /// <remarks>
    /// No reset on close: the store leaves no session state on a connection (no SET, temporary
    /// table, LISTEN or advisory lock), so a connection taken from the pool need not be reset first.
    /// The reset (DISCARD ALL) went out with the first command of every pooled open, that is with
    /// nearly every query, and made the server forget its prepared statements.
    /// </remarks>
    public static string WithPostgreSqlDefaults(string connectionString)
    {
        // What the string itself says, by name without spaces ("No Reset On Close" or "NoResetOnClose").
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var npgsql = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains(nameof(npgsql.NoResetOnClose)))
        {
            npgsql.NoResetOnClose = true;
        }
        return npgsql.ConnectionString;
    }
}
