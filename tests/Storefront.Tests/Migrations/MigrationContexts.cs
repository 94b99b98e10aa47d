using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;
using Storefront.Web.Infrastructure;

namespace Storefront.Tests.Migrations;

/// <summary>Contexts configured exactly as the app configures them, one per provider.</summary>
internal static class MigrationContexts
{
    public static StorefrontDbContext For(DatabaseProvider provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<StorefrontDbContext>();
        DatabaseExtensions.Configure(options, provider, connectionString);
        return new StorefrontDbContext(options.Options);
    }

    /// <summary>Every migration in the provider's assembly is applied and the model matches the last one.</summary>
    public static async Task AssertFullyMigratedAsync(StorefrontDbContext db)
    {
        var all = db.Database.GetMigrations().ToList();
        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();

        Assert.NotEmpty(all);
        Assert.Equal(all, applied);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes no migration captures: run scripts/add-migration.sh.");
        // The schema is usable, not just recorded as migrated.
        Assert.Equal(0, await db.Products.CountAsync());
        Assert.Equal(0, await db.BackorderLines.CountAsync());
    }
}
