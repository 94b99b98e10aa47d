using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Storefront.Core.Data;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Migrations;

/// <summary>
/// The model the running app builds (with Identity's options from DI) must be the one the provider's
/// migrations were made from; otherwise Migrate() at start-up throws PendingModelChangesWarning.
/// A context built by hand (as `dotnet ef` builds it) can differ from the app's, so ask the app.
/// No database is contacted: migrations and seeding are off.
/// </summary>
public sealed class AppModelMatchesMigrations
{
    /// <param name="connectionString">Null keeps the factory's own throwaway SQLite file.</param>
    private static async Task<string[]> DifferencesAsync(string provider, string? connectionString)
    {
        var settings = new Dictionary<string, string?> { ["Database:Provider"] = provider, ["Database:MigrateOnStartup"] = "false" };
        if (connectionString is not null)
        {
            settings["ConnectionStrings:Storefront"] = connectionString;
        }
        await using var app = new StorefrontFactory(new StorefrontOptions
        {
            Settings = settings,
            // Nothing may reach for the (absent) server, e.g. data protection loading its key ring.
            ConfigureServices = services => services.RemoveAll<IHostedService>(),
        });
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StorefrontDbContext>();
        if (!db.Database.HasPendingModelChanges())
        {
            return [];
        }
        var snapshot = db.GetService<IMigrationsAssembly>().ModelSnapshot?.Model
            ?? throw new InvalidOperationException("The migrations assembly has no model snapshot.");
        var migrated = db.GetService<IModelRuntimeInitializer>().Initialize(snapshot, validationLogger: null);
        return db.GetService<IMigrationsModelDiffer>()
            .GetDifferences(migrated.GetRelationalModel(), db.GetService<IDesignTimeModel>().Model.GetRelationalModel())
            .Select(Describe)
            .ToArray();
    }

    private static string Describe(MigrationOperation op) => op switch
    {
        AlterColumnOperation c => $"{c.Table}.{c.Name}: {Type(c.OldColumn)} in the migrations, {Type(c)} in the app",
        _ => op.GetType().Name,
    };

    private static void AssertNoDifferences(string[] differences) =>
        Assert.True(differences.Length == 0, "The app's model differs from the migrations (Migrate() at start-up will throw):\n" + string.Join("\n", differences));

    private static string Type(ColumnOperation c) => c.ColumnType ?? $"{c.ClrType.Name}({c.MaxLength?.ToString() ?? "max"})";

    [Fact]
    public async Task SqliteMigrationsMatchTheAppModel()
    {
        AssertNoDifferences(await DifferencesAsync("Sqlite", connectionString: null));
    }

    [Fact]
    public async Task PostgreSqlMigrationsMatchTheAppModel()
    {
        AssertNoDifferences(await DifferencesAsync("PostgreSql", "Host=127.0.0.1;Port=1;Database=none;Username=none"));
    }

    [Fact]
    public async Task SqlServerMigrationsMatchTheAppModel()
    {
        AssertNoDifferences(await DifferencesAsync("SqlServer", "Server=none;Database=Storefront;Trusted_Connection=True;TrustServerCertificate=True"));
    }
}
