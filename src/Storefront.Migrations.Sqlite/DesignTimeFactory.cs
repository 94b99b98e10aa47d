using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Storefront.Core.Data;

namespace Storefront.Migrations.Sqlite;

/// <summary>Lets `dotnet ef` build the model for this provider without starting the web app.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<StorefrontDbContext>
{
    public StorefrontDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<StorefrontDbContext>()
        .UseSqlite("Data Source=design.db", o => o.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name))
        .Options);
}
