using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Storefront.Core.Data;

namespace Storefront.Migrations.PostgreSql;

/// <summary>Lets `dotnet ef` build the model for this provider without a server.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<StorefrontDbContext>
{
    public StorefrontDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<StorefrontDbContext>()
        .UseNpgsql("Host=localhost;Database=storefront;Username=storefront",
            o => o.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name))
        .Options);
}
