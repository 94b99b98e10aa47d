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

/// <summary>
/// Before the store listens, it runs once what the first shoppers' requests would: the catalog's
/// first page, a product, the feed's query, and the key ring that antiforgery tokens and cart cookies
/// are protected with. EF compiles those queries and the JIT (or ReadyToRun code) is ready, so the
/// first shopper does not wait for it (measured in docs/benchmarks.md). A failure is logged and
/// the store starts anyway: warming up is never a reason not to serve.
/// </summary>
public static class StartupWarmUp
{
    public static async Task WarmUpAsync(this WebApplication app)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var catalog = scope.ServiceProvider.GetRequiredService<Storefront.Core.Catalog.CatalogBrowser>();
            await catalog.CategoriesAsync();
            var first = await catalog.BrowseAsync(new Storefront.Core.Catalog.CatalogQuery());
            await catalog.BrowseAsync(new Storefront.Core.Catalog.CatalogQuery(Sort: Storefront.Core.Catalog.CatalogSort.NameAsc, PageSize: 24));
            if (first.Items.Count > 0)
            {
                await catalog.FindAsync(first.Items[0].Product.Slug);
            }
            scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>()
                .CreateProtector("Storefront.WarmUp").Protect("warm"u8.ToArray());
            app.Logger.LogInformation("Warmed up in {Elapsed} ms", (int)watch.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            app.Logger.LogWarning(e, "Warming up failed after {Elapsed} ms; the store starts cold", (int)watch.Elapsed.TotalMilliseconds);
        }
    }
}
