using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Storefront.Core.Inventory;
using Storefront.Tests.Infrastructure;
using Storefront.Web.Infrastructure;

namespace Storefront.Tests.Migrations;

[Collection(PostgresCollection.Name)]
public sealed class PostgresMigrations(PostgresServer postgres)
{
    [PostgresFact]
    public async Task MigrationsCreateAnEmptyDatabaseMatchingTheModel()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var db = MigrationContexts.For(DatabaseProvider.PostgreSql, connectionString);

        await db.Database.MigrateAsync();

        await MigrationContexts.AssertFullyMigratedAsync(db);
    }

    [PostgresFact]
    public async Task TheSchemaRefusesAllocatingMoreThanIsOnHand()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var db = MigrationContexts.For(DatabaseProvider.PostgreSql, connectionString);
        await db.Database.MigrateAsync();
        db.Categories.Add(new Storefront.Core.Catalog.Category { Name = "c", Slug = "c" });
        await db.SaveChangesAsync();
        var product = new Storefront.Core.Catalog.Product { Sku = "S", Name = "n", Slug = "s", CategoryId = db.Categories.Single().Id };
        db.Products.Add(product);
        await db.SaveChangesAsync();

        db.Stock.Add(new Stock { ProductId = product.Id, OnHand = 2, Allocated = 3 });
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        Assert.IsType<PostgresException>(error.InnerException);
    }

    [PostgresFact]
    public async Task TheAppRunsItsFeedOnPostgresql()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero));
        await using var app = new StorefrontFactory(new StorefrontOptions { PostgresConnectionString = connectionString, Clock = clock });
        await app.Data().Product("PG-BO").OutOfStock().Backordered(1).Backorderable()
            .WithDelivery(new DateOnly(2027, 3, 10), 3).SaveAsync();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/products/PG-BO");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var availability = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("availability");
        Assert.Equal("Backorder", availability.GetProperty("state").GetString());
        Assert.Equal("2027-03-12", availability.GetProperty("eta").GetString());
        Assert.Equal(2, availability.GetProperty("maxQuantity").GetInt32());
    }

    [PostgresFact]
    public async Task EachTestGetsItsOwnEmptyDatabase()
    {
        var first = await postgres.CreateDatabaseAsync();
        var second = await postgres.CreateDatabaseAsync();

        Assert.NotEqual(new NpgsqlConnectionStringBuilder(first).Database, new NpgsqlConnectionStringBuilder(second).Database);
        await using var db = MigrationContexts.For(DatabaseProvider.PostgreSql, second);
        Assert.Empty(await db.Database.GetAppliedMigrationsAsync());
    }
}
