using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Storefront.Core.Data;

namespace Storefront.Tests.Migrations;

/// <summary>SQL Server cannot run on the build machine: its migrations are checked offline.</summary>
public sealed class SqlServerMigrations
{
    private static StorefrontDbContext OfflineContext() => new(new DbContextOptionsBuilder<StorefrontDbContext>()
        .UseSqlServer("Server=none;Database=Storefront;Trusted_Connection=True;TrustServerCertificate=True",
            o => o.MigrationsAssembly("Storefront.Migrations.SqlServer"))
        .Options);

    private static string IdempotentScript()
    {
        using var db = OfflineContext();
        return db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
    }

    [Fact]
    public void ModelHasNoChangesMissingFromTheMigrations()
    {
        using var db = OfflineContext();

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes no migration captures: run scripts/add-migration.sh.");
    }

    [Fact]
    public void IdempotentScriptCreatesEveryTableAndGuardsEachMigration()
    {
        var script = IdempotentScript();

        using var db = OfflineContext();
        foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct())
        {
            Assert.Contains($"CREATE TABLE [{table}]", script);
        }
        foreach (var migration in db.Database.GetMigrations())
        {
            Assert.Contains($"WHERE [MigrationId] = N'{migration}'", script);
        }
    }

    [Fact]
    public void IdempotentScriptIsValidTSql()
    {
        var script = IdempotentScript();

        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(script);
        parser.Parse(reader, out var errors);

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => $"line {e.Line}: {e.Message}")));
    }
}
