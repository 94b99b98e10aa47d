using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Storefront.Core.Data;

namespace Storefront.Tests.Infrastructure;

/// <summary>How a test wants its Storefront hosted.</summary>
public sealed record StorefrontOptions
{
    /// <summary>A PostgreSQL connection string (from <see cref="PostgresServer.CreateDatabaseAsync"/>); null means a fresh SQLite file.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>Seed the demo catalog; off by default so each test states the data it needs.</summary>
    public bool SeedDemoData { get; init; }

    /// <summary>Host on real Kestrel (for browsers) instead of the in-memory test server.</summary>
    public bool UseKestrel { get; init; }

    /// <summary>When set, the app's TimeProvider: tests decide what "today" is.</summary>
    public FakeTimeProvider? Clock { get; init; }

    public string Environment { get; init; } = "Testing";

    /// <summary>Extra configuration, e.g. ["Store:HandlingDays"] = "3".</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Last word on services, after the app registered its own.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}

/// <summary>
/// The real app over a real database: a SQLite file in its own temp folder, or a PostgreSQL database.
/// Migrations run at start-up exactly as in production; demo data is off unless asked for.
/// </summary>
public sealed class StorefrontFactory : WebApplicationFactory<Program>
{
    private readonly StorefrontOptions _options;
    private readonly string? _sqliteFolder;

    public StorefrontFactory(StorefrontOptions? options = null)
    {
        _options = options ?? new StorefrontOptions();
        if (_options.PostgresConnectionString is null)
        {
            _sqliteFolder = Path.Combine(Path.GetTempPath(), "storefront-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_sqliteFolder);
        }
        ConnectionString = _options.PostgresConnectionString
            ?? new SqliteConnectionStringBuilder { DataSource = Path.Combine(_sqliteFolder!, "storefront.db") }.ConnectionString;
        Provider = _options.PostgresConnectionString is null ? "Sqlite" : "PostgreSql";
        if (_options.UseKestrel)
        {
            this.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        }
    }

    public string ConnectionString { get; }

    public string Provider { get; }

    public FakeTimeProvider? Clock => _options.Clock;

    /// <summary>The date the app believes it is today (UTC), following the fake clock when there is one.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);

    /// <summary>With Kestrel: the http://127.0.0.1:port address a browser can open. Starts the server.</summary>
    public Uri ServerAddress
    {
        get
        {
            if (!_options.UseKestrel)
            {
                throw new InvalidOperationException("Create the factory with UseKestrel = true to get a real address.");
            }
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
                ?? throw new InvalidOperationException("Kestrel reported no addresses.");
            return new Uri(addresses.Addresses.First());
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_options.Environment);
        if (_options.UseKestrel)
        {
            // Outside Development the app serves only published assets; a browser test runs from the
            // build output, so map wwwroot (Bootstrap, site.css) the way `dotnet run` does.
            builder.UseStaticWebAssets();
        }
        builder.UseSetting("Database:Provider", Provider);
        builder.UseSetting("ConnectionStrings:Storefront", ConnectionString);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Database:SeedDemoData", _options.SeedDemoData ? "true" : "false");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        foreach (var (key, value) in _options.Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            if (_options.Clock is { } clock)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(clock);
            }
            _options.ConfigureServices?.Invoke(services);
        });
    }

    public AsyncServiceScope CreateScope() => Services.CreateAsyncScope();

    public async Task WithDbAsync(Func<StorefrontDbContext, Task> work)
    {
        await using var scope = CreateScope();
        await work(scope.ServiceProvider.GetRequiredService<StorefrontDbContext>());
    }

    public async Task<T> WithDbAsync<T>(Func<StorefrontDbContext, Task<T>> work)
    {
        await using var scope = CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<StorefrontDbContext>());
    }

    /// <summary>A test-data builder writing to this app's database.</summary>
    public CatalogBuilder Data() => new(this);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_sqliteFolder is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_sqliteFolder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
        else
        {
            NpgsqlConnection.ClearAllPools();
        }
    }
}
