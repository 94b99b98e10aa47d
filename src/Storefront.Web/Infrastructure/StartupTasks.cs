using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Storefront.Core.Data;
using Storefront.Core.Data.Seeding;
using Storefront.Core.Identity;
using Storefront.Web.Areas.Admin;

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
        var staff = scope.ServiceProvider.GetRequiredService<StaffAccounts>();
        if (options.SeedDemoData)
        {
            var seeder = ActivatorUtilities.CreateInstance<DemoCatalogSeeder>(scope.ServiceProvider);
            await seeder.SeedIfEmptyAsync();
            if (app.Environment.IsDevelopment())
            {
                await staff.EnsureAsync(StaffAccounts.DemoEmail, StaffAccounts.DemoPassword, Roles.Admin);
            }
        }
        // Automation and first production start: an admin from configuration (Admin:Email, Admin:Password).
        if (app.Configuration["Admin:Email"] is { Length: > 0 } email && app.Configuration["Admin:Password"] is { Length: > 0 } password)
        {
            foreach (var error in await staff.EnsureAsync(email, password, Roles.Admin))
            {
                app.Logger.LogError("Could not create the configured admin {Email}: {Error}", email, error);
            }
        }
    }
}
