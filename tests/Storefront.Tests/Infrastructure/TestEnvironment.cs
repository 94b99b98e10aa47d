namespace Storefront.Tests.Infrastructure;

/// <summary>Facts about the machine the tests run on, read once.</summary>
public static class TestEnvironment
{
    /// <summary>On CI a missing PostgreSQL or browser is a failure, never a skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public const string PostgresVariable = "STOREFRONT_TEST_POSTGRES";

    public static string? ExternalPostgres => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs ? cs : null;

    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The newest PostgreSQL bin folder with initdb, or null.</summary>
    public static string? PostgresBinFolder
    {
        get
        {
            const string root = "/usr/lib/postgresql";
            if (!Directory.Exists(root))
            {
                return null;
            }
            return Directory.GetDirectories(root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : 0)
                .FirstOrDefault();
        }
    }

    /// <summary>Why PostgreSQL tests cannot run here, or null when they can.</summary>
    public static string? PostgresUnavailableReason =>
        ExternalPostgres is not null || PostgresBinFolder is not null
            ? null
            : $"PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb) and {PostgresVariable} is not set. Run scripts/test.sh, or apt-get install -y postgresql-15.";

    /// <summary>Why browser tests cannot run here, or null when they can.</summary>
    public static string? ChromiumUnavailableReason =>
        File.Exists(ChromiumPath) ? null : $"Chromium is not installed at {ChromiumPath}. Run scripts/test.sh, or apt-get install -y chromium.";
}

/// <summary>A fact that needs a PostgreSQL server: skipped with the reason on a laptop without one, failing on CI.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestEnvironment.IsCi && TestEnvironment.PostgresUnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A fact that needs Chromium: skipped with the reason on a laptop without it, failing on CI.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!TestEnvironment.IsCi && TestEnvironment.ChromiumUnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}
