using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Storefront.Core.Data;
using Storefront.Core.Data.Seeding;

namespace Storefront.Web.Infrastructure;

public static class StartupTasks
{
    /// <summary>Applies migrations and seeds the demo catalog into an empty database, as configured.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StorefrontDbContext>();
        if (options.MigrateOnStartup)
        {
            await db.Database.MigrateAsync();
            if (db.Database.IsSqlite())
            {
                // WAL lets shoppers read while a checkout writes; the setting sticks to the file.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }
        }
        if (options.SeedDemoData)
        {
            var seeder = ActivatorUtilities.CreateInstance<DemoCatalogSeeder>(scope.ServiceProvider);
            await seeder.SeedIfEmptyAsync();
        }
    }
}
