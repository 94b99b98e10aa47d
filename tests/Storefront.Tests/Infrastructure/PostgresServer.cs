using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Storefront.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}

/// <summary>
/// One PostgreSQL server for the test run. Uses STOREFRONT_TEST_POSTGRES when set; otherwise starts a
/// throwaway cluster (initdb + pg_ctl as the postgres user, random port, fsync off) and deletes it on
/// dispose. Each test asks for its own empty database, so no test sees another's data.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly List<string> _databases = [];
    private string? _clusterFolder;
    private string? _binFolder;
    private string? _adminConnectionString;
    private Exception? _startFailure;
    private int _stopped;

    /// <summary>A connection string to the server's maintenance database.</summary>
    public string AdminConnectionString => _adminConnectionString
        ?? throw new InvalidOperationException("PostgreSQL is not available: " + (_startFailure?.Message ?? TestEnvironment.PostgresUnavailableReason), _startFailure);

    public async Task InitializeAsync()
    {
        if (TestEnvironment.ExternalPostgres is { } external)
        {
            _adminConnectionString = external;
            return;
        }
        _binFolder = TestEnvironment.PostgresBinFolder;
        if (_binFolder is null)
        {
            // Tests skip (or, on CI, fail with this reason when they ask for a database).
            return;
        }
        try
        {
            await StartClusterAsync(_binFolder);
        }
        catch (Exception e)
        {
            _startFailure = e;
            Stop();
        }
    }

    /// <summary>Creates a new, empty, uniquely named database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "storefront_test")
    {
        var admin = AdminConnectionString;
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        lock (_databases)
        {
            _databases.Add(name);
        }
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_clusterFolder is null && _adminConnectionString is not null)
        {
            // A server we don't own: drop what we created, leave the rest alone.
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_adminConnectionString);
            await connection.OpenAsync();
            foreach (var name in _databases)
            {
                await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
                await command.ExecuteNonQueryAsync();
            }
            return;
        }
        NpgsqlConnection.ClearAllPools();
        Stop();
    }

    private async Task StartClusterAsync(string bin)
    {
        var asRoot = Environment.UserName == "root";
        _clusterFolder = Path.Combine(Path.GetTempPath(), "storefront-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_clusterFolder);
        // initdb refuses root, so the cluster belongs to the postgres user.
        if (asRoot)
        {
            Run("chown", ["postgres:postgres", _clusterFolder], asPostgres: false);
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();

        var data = Path.Combine(_clusterFolder, "data");
        Run(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--locale=C"], asRoot);

        var port = 0;
        for (var attempt = 1; ; attempt++)
        {
            port = FreePort();
            var options = $"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={_clusterFolder} " +
                          "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
            try
            {
                Run(Path.Combine(bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(_clusterFolder, "server.log"), "-o", options, "-w", "-t", "30", "start"], asRoot);
                break;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Someone took the port between our probe and the server's bind: try another.
            }
        }

        _adminConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Database = "postgres",
            Pooling = true,
            MaxPoolSize = 20,
        }.ConnectionString;

        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
    }

    private void Stop()
    {
        if (_clusterFolder is null || _binFolder is null || Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        var data = Path.Combine(_clusterFolder, "data");
        try
        {
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
            {
                Run(Path.Combine(_binFolder, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], Environment.UserName == "root");
            }
        }
        catch (InvalidOperationException)
        {
            // Best effort: the folder goes anyway.
        }
        try
        {
            Directory.Delete(_clusterFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, string[] args, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        // pg_ctl start leaves the server holding our pipes open: read asynchronously, don't wait for EOF.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} did not finish within 60 s.");
        }
        if (process.ExitCode != 0)
        {
            var err = stderr.IsCompleted ? stderr.Result : "";
            var output = stdout.IsCompleted ? stdout.Result : "";
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} exited with {process.ExitCode}: {err}{output}");
        }
    }
}
