using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Caching.Memory;
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

    /// <summary>When set, the app's TimeProvider (through a <see cref="TestClock"/>): tests decide what "today" is.</summary>
    public FakeTimeProvider? Clock { get; init; }

    public string Environment { get; init; } = "Testing";

    /// <summary>
    /// Payments:TestMode. The tests pay with test cards, and outside Development the store only takes
    /// them when asked explicitly, so on by default; null leaves the key unset (the store's own default).
    /// </summary>
    public bool? PaymentsTestMode { get; init; } = true;

    /// <summary>Extra configuration, e.g. ["Store:HandlingDays"] = "3".</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Last word on services, after the app registered its own.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}

/// <summary>
/// The real app over a real database: a SQLite file in its own temp folder, or a PostgreSQL database.
/// Migrations run at start-up exactly as in production; demo data is off unless asked for.
/// A host can serve many tests (see <see cref="StorefrontHost"/>): <see cref="StartAsync"/> remembers the
/// freshly migrated database and <see cref="ResetAsync"/> puts it back, with empty caches and a new clock.
/// </summary>
public sealed class StorefrontFactory : WebApplicationFactory<Program>
{
    /// <summary>
    /// The background workers wait this long between passes (each still makes its first pass at
    /// start-up); tests drive the sender, sweeps and expiry themselves, so a worker never changes data
    /// behind a test's back. A test about the workers sets its own interval in Settings.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> QuietWorkers = new Dictionary<string, string?>
    {
        ["Outbox:PollInterval"] = "01:00:00",
        ["Checkout:ExpirySweepInterval"] = "01:00:00",
        ["Notifications:BackInStockSweepInterval"] = "01:00:00",
        ["Notifications:StillOnItsWayCheckInterval"] = "01:00:00",
        ["Payments:RefundRetryInterval"] = "01:00:00",
        ["Backorders:ConsentSweepInterval"] = "01:00:00",
    };

    /// <summary>
    /// What every test host runs with unless a test says otherwise. Client limits are generous, so tests
    /// that post many forms from one (per-test) client address never trip them; a test about a limit sets
    /// its own. Plain http (no HSTS, no redirect, no Secure cookies: the test client speaks http), and the
    /// host names the test client and a browser on Kestrel use.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> TestDefaults = new Dictionary<string, string?>
    {
        ["RateLimits:SignIn:PermitLimit"] = "100000",
        ["RateLimits:Register:PermitLimit"] = "100000",
        ["RateLimits:ForgotPassword:PermitLimit"] = "100000",
        ["RateLimits:Checkout:PermitLimit"] = "100000",
        ["RateLimits:FindOrder:PermitLimit"] = "100000",
        ["RateLimits:InventoryApi:PermitLimit"] = "100000",
        ["Security:RequireHttps"] = "false",
        ["AllowedHosts"] = "localhost;127.0.0.1",
        ["WarmUp:MaxSeconds"] = "0",
    };

    /// <summary>
    /// Where test databases live: memory-backed /dev/shm when the machine has it (a commit then costs no
    /// disk flush; the files are thrown away after the run anyway), else the temp folder.
    /// </summary>
    public static string ScratchFolder { get; } = Directory.Exists("/dev/shm") && !OperatingSystem.IsWindows() ? "/dev/shm" : Path.GetTempPath();

    private readonly StorefrontOptions _options;
    private readonly string? _sqliteFolder;
    private readonly TestClock? _clock;
    private SqliteConnection? _sqliteSnapshot;
    private string[]? _postgresTables;
    private string? _postgresReset;
    private int _client;

    public StorefrontFactory(StorefrontOptions? options = null)
    {
        _options = options ?? new StorefrontOptions();
        if (_options.PostgresConnectionString is null)
        {
            _sqliteFolder = Path.Combine(ScratchFolder, "storefront-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_sqliteFolder);
        }
        ConnectionString = _options.PostgresConnectionString
            ?? new SqliteConnectionStringBuilder { DataSource = Path.Combine(_sqliteFolder!, "storefront.db") }.ConnectionString;
        Provider = _options.PostgresConnectionString is null ? "Sqlite" : "PostgreSql";
        _clock = _options.Clock is { } clock ? new TestClock(clock) : null;
        if (_options.UseKestrel)
        {
            this.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        }
    }

    public string ConnectionString { get; }

    public string Provider { get; }

    /// <summary>The fake clock the app runs on now (the current test's), or null for the system clock.</summary>
    public FakeTimeProvider? Clock => _clock?.Inner;

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
        foreach (var (key, value) in QuietWorkers.Concat(TestDefaults))
        {
            builder.UseSetting(key, value);
        }
        if (_options.PaymentsTestMode is { } testMode)
        {
            builder.UseSetting("Payments:TestMode", testMode ? "true" : "false");
        }
        foreach (var (key, value) in _options.Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            if (_clock is not null)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(_clock);
            }
            services.AddSingleton<IStartupFilter>(new ClientAddressFilter(this));
            // The same PBKDF2 hashing and sign-in code, with fewer rounds: a test account's password needs
            // no protection against cracking, and the default 100,000 rounds cost most of a sign-in's time.
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000);
            _options.ConfigureServices?.Invoke(services);
        });
    }

    /// <summary>
    /// Starts the app (migrations run) and remembers its database as it is now, empty and migrated,
    /// for <see cref="ResetAsync"/>.
    /// </summary>
    public async Task StartAsync()
    {
        StartServer();
        if (_sqliteSnapshot is not null || _postgresTables is not null)
        {
            return;
        }
        if (_sqliteFolder is not null)
        {
            var snapshot = new SqliteConnection("Data Source=:memory:");
            await snapshot.OpenAsync();
            await using (var live = new SqliteConnection(ConnectionString))
            {
                await live.OpenAsync();
                live.BackupDatabase(snapshot);
            }
            _sqliteSnapshot = snapshot;
        }
        else
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            var tables = new List<string>();
            await using (var list = new NpgsqlCommand(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '__EFMigrationsHistory' ORDER BY table_name",
                connection))
            await using (var reader = await list.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }
            // Rows the start-up wrote (the data protection key ring) are kept aside and put back by each reset.
            var kept = new List<string>();
            foreach (var table in tables)
            {
                await using var any = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM \"{table}\")", connection);
                if ((bool)(await any.ExecuteScalarAsync())!)
                {
                    kept.Add(table);
                }
            }
            var restore = new List<string> { "CREATE SCHEMA IF NOT EXISTS storefront_reset" };
            foreach (var table in kept)
            {
                restore.Add($"CREATE TABLE storefront_reset.\"{table}\" AS SELECT * FROM public.\"{table}\"");
            }
            await using (var keep = new NpgsqlCommand(string.Join(";\n", restore), connection))
            {
                await keep.ExecuteNonQueryAsync();
            }
            var reset = new List<string>
            {
                "TRUNCATE TABLE " + string.Join(", ", tables.Select(t => $"public.\"{t}\"")) + " RESTART IDENTITY CASCADE",
            };
            foreach (var table in kept)
            {
                reset.Add($"INSERT INTO public.\"{table}\" OVERRIDING SYSTEM VALUE SELECT * FROM storefront_reset.\"{table}\"");
                await using var identities = new NpgsqlCommand(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @t AND (is_identity = 'YES' OR column_default LIKE 'nextval%')",
                    connection);
                identities.Parameters.AddWithValue("t", table);
                await using var reader = await identities.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    var column = reader.GetString(0);
                    reset.Add($"SELECT setval(pg_get_serial_sequence('public.\"{table}\"', '{column}'), (SELECT max(\"{column}\") FROM public.\"{table}\"))");
                }
            }
            _postgresReset = string.Join(";\n", reset);
            _postgresTables = [.. tables];
        }
    }

    /// <summary>
    /// Puts the app back as <see cref="StartAsync"/> found it, for the next test: the database as freshly
    /// migrated, in-memory caches emptied, requests from a new client address (so per-client rate limits
    /// start afresh), and the clock set to <paramref name="clock"/>.
    /// </summary>
    public async Task ResetAsync(FakeTimeProvider? clock = null)
    {
        if (_sqliteSnapshot is null && _postgresTables is null)
        {
            throw new InvalidOperationException("Call StartAsync before ResetAsync.");
        }
        if (clock is not null)
        {
            if (_clock is null)
            {
                throw new InvalidOperationException("This host runs on the system clock; create it with a Clock to swap clocks.");
            }
            _clock.Inner = clock;
        }
        if (_sqliteSnapshot is not null)
        {
            await using var live = new SqliteConnection(ConnectionString);
            await live.OpenAsync();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                try
                {
                    // The backup API copies the snapshot in one step under SQLite's own locks: an open
                    // connection of the app sees the restored database, never half of it.
                    _sqliteSnapshot.BackupDatabase(live);
                    break;
                }
                catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6 && DateTime.UtcNow < deadline)
                {
                    // SQLITE_BUSY / SQLITE_LOCKED: another connection is writing; wait for it.
                    await Task.Delay(5);
                }
            }
        }
        else
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var reset = new NpgsqlCommand(_postgresReset, connection);
            await reset.ExecuteNonQueryAsync();
        }
        if (Services.GetService<IMemoryCache>() is MemoryCache cache)
        {
            cache.Clear();
        }
        Services.GetService<Storefront.Core.Catalog.CatalogCache>()?.Clear();
        Interlocked.Increment(ref _client);
    }

    /// <summary>A request header a test sets to come from another client address (e.g. "127.9.0.1").</summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    /// <summary>
    /// Requests on the in-memory test server carry no client address; give them one per test, as if each
    /// test were its own visitor (a browser on Kestrel keeps its real address). A test that needs two
    /// visitors names the second one's address in <see cref="ClientAddressHeader"/>.
    /// </summary>
    private sealed class ClientAddressFilter(StorefrontFactory factory) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers[ClientAddressHeader] is [{ } named] && IPAddress.TryParse(named, out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }
                else if (context.Connection.RemoteIpAddress is null)
                {
                    var n = Volatile.Read(ref factory._client);
                    context.Connection.RemoteIpAddress = new IPAddress(new byte[] { 127, 1, (byte)(n >> 8), (byte)n });
                }
                return nextMiddleware(context);
            });
            next(app);
        };
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
        _sqliteSnapshot?.Dispose();
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
