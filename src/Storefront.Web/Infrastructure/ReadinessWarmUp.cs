using System.Diagnostics;
using System.Net;
using System.Runtime;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Serilog.Events;
using Storefront.Core.Common;

namespace Storefront.Web.Infrastructure;

/// <summary>The "WarmUp" settings: how the store warms its shopper pages before it reports ready.</summary>
public sealed class WarmUpOptions
{
    public const string Section = "WarmUp";

    /// <summary>Longest time the store drives its own pages after it starts listening; 0 turns the warm-up off.</summary>
    public int MaxSeconds { get; set; } = 90;

    /// <summary>Requests in flight at once while warming up: a few, so the JIT's background compiler keeps a core.</summary>
    public int Connections { get; set; } = 4;

    /// <summary>The JIT counts as done when it compiled fewer than <see cref="QuietMethodsPerSecond"/> methods in each of this many seconds in a row.</summary>
    public int SettledSeconds { get; set; } = 3;

    public int QuietMethodsPerSecond { get; set; } = 25;
}

/// <summary>
/// Readiness after start-up (ADR 0025). The JIT reaches full speed only after the hot code has run
/// many times and been compiled again with what it saw (tiered compilation with profile-guided
/// optimisation): on 2 cores that takes about 30 seconds under load, during which a fresh instance
/// serves a fifth to a half as many pages. So once Kestrel listens, the store requests its own
/// catalog, product pages and feed over loopback until the JIT has compiled what they run (see
/// <see cref="Settled"/>; at most <see cref="WarmUpOptions.MaxSeconds"/>), and only then does
/// <c>/health</c> answer 200. Shoppers are served all along; a load balancer that waits for health
/// sends them a warm instance.
/// </summary>
/// <remarks>
/// The warm-up only reads (GET, no cookies kept), carries a header with a secret made afresh for this
/// process, by which its requests are left out of the request log, and stops at the first answer that
/// is not 200 (a redirect to https, a host the store does not answer to): warming up is never a reason
/// not to become ready.
/// </remarks>
public sealed partial class ReadinessWarmUp(
    IServer server,
    IHostApplicationLifetime lifetime,
    IOptions<WarmUpOptions> options,
    IOptions<StoreOptions> store,
    ILogger<ReadinessWarmUp> logger) : BackgroundService, IHealthCheck
{
    public const string Header = "X-Storefront-Warm-Up";

    private readonly string _secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private volatile bool _ready;

    public bool IsReady => _ready;

    /// <summary>Warm-up requests answered 200 so far.</summary>
    public long Served => Interlocked.Read(ref _served);

    private long _served;

    /// <summary>Whether a request is the store's own warm-up (the header with this process's secret).</summary>
    public bool IsWarmUp(HttpContext context) =>
        context.Request.Headers.TryGetValue(Header, out var value) && value == _secret;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_ready ? HealthCheckResult.Healthy() : HealthCheckResult.Degraded("Warming up after start-up"));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (options.Value.MaxSeconds > 0)
            {
                await WhenStartedAsync(stoppingToken);
                if (LoopbackAddress() is { } address)
                {
                    await WarmUpAsync(address, stoppingToken);
                }
            }
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // Whatever went wrong, the store serves: an exception leaving a hosted service would stop it.
            LogFailed(e);
        }
        finally
        {
            _ready = true;
        }
    }

    private async Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        await started.Task;
    }

    /// <summary>Where this process listens, as a loopback URL (https preferred, as shoppers arrive); null under a test server.</summary>
    private Uri? LoopbackAddress()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var parsed = addresses
            .Select(a => Uri.TryCreate(a.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var u) ? u : null)
            .Where(u => u is not null && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) && u.Port > 0)
            .OrderByDescending(u => u!.Scheme == Uri.UriSchemeHttps)
            .FirstOrDefault();
        if (parsed is null)
        {
            return null;
        }
        // Listening on every interface (0.0.0.0, [::], * or +): loopback reaches it.
        var specific = parsed.IsLoopback || IPAddress.TryParse(parsed.Host.Trim('[', ']'), out var ip) && !ip.Equals(IPAddress.Any) && !ip.Equals(IPAddress.IPv6Any);
        return new UriBuilder(parsed.Scheme, specific ? parsed.Host : "127.0.0.1", parsed.Port).Uri;
    }

    private async Task WarmUpAsync(Uri address, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            // Only ever this process's own address: its certificate may name the shop, not loopback.
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        using var client = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Add(Header, _secret);

        var watch = Stopwatch.StartNew();
        var paths = await PathsAsync(client, stoppingToken);
        if (paths is null && Uri.TryCreate(store.Value.BaseUrl, UriKind.Absolute, out var shop) && (shop.Scheme == Uri.UriSchemeHttp || shop.Scheme == Uri.UriSchemeHttps))
        {
            // The host filter answers only to the shop's own name (AllowedHosts): ask for it by that name.
            client.DefaultRequestHeaders.Host = shop.IsDefaultPort ? shop.Host : shop.Authority;
            paths = await PathsAsync(client, stoppingToken);
        }
        if (paths is null)
        {
            LogSkipped(address);
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var failed = 0;
        async Task Loop(int start)
        {
            for (var i = start; !stop.IsCancellationRequested; i++)
            {
                // As a browser asks: compressed (the feed the paths came from was read plain).
                using var request = new HttpRequestMessage(HttpMethod.Get, paths[i % paths.Count]) { Headers = { { "Accept-Encoding", "br, gzip" } } };
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, stop.Token);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failed);
                    await stop.CancelAsync();
                    return;
                }
                Interlocked.Increment(ref _served);
            }
        }

        var loops = Enumerable.Range(0, Math.Max(1, settings.Connections)).Select(n => Task.Run(() => Loop(n * 7), stop.Token)).ToArray();
        var compiled = new List<long>();
        var jitBefore = JitInfo.GetCompiledMethodCount();
        while (!stop.IsCancellationRequested && watch.Elapsed.TotalSeconds < settings.MaxSeconds)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                break;
            }
            var jitNow = JitInfo.GetCompiledMethodCount();
            compiled.Add(jitNow - jitBefore);
            jitBefore = jitNow;
            if (Settled(compiled, settings.SettledSeconds, settings.QuietMethodsPerSecond))
            {
                break;
            }
        }
        await stop.CancelAsync();
        try
        {
            await Task.WhenAll(loops);
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException && !stoppingToken.IsCancellationRequested)
        {
            // The loops end by being cancelled mid-request.
        }
        stoppingToken.ThrowIfCancellationRequested();
        LogWarmedUp(watch.Elapsed.TotalSeconds, Served, JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime().TotalSeconds, failed > 0);
    }

    /// <summary>
    /// Whether the JIT is done with what the pages run: in each of the last <paramref name="window"/>
    /// seconds it compiled fewer than <paramref name="quiet"/> methods. (Throughput is no guide: at a
    /// few connections it levels off long before the hot code is compiled again at full speed.)
    /// </summary>
    public static bool Settled(IReadOnlyList<long> compiledPerSecond, int window, int quiet)
    {
        window = Math.Max(1, window);
        return compiledPerSecond.Count >= window && compiledPerSecond.Skip(compiledPerSecond.Count - window).All(n => n < quiet);
    }

    /// <summary>The catalog's first page, the feed, and the product pages the feed's first page lists.</summary>
    private static async Task<IReadOnlyList<string>?> PathsAsync(HttpClient client, CancellationToken ct)
    {
        const string feed = "/api/products?pageSize=24";
        using var response = await client.GetAsync(feed, ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }
        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        var products = json.RootElement.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray()
                .Select(i => i.TryGetProperty("url", out var url) ? PathOf(url.GetString()) : null)
                .OfType<string>()
                .ToList()
            : [];
        // Mostly product pages, what shoppers open most, with the catalog and the feed between them.
        List<string> paths = ["/", feed];
        foreach (var product in products)
        {
            paths.Add(product);
            paths.Add(product);
        }
        return paths;
    }

    /// <summary>The path of a feed item's address: absolute on <c>Store:BaseUrl</c>, or already a path.</summary>
    private static string? PathOf(string? url) =>
        url is null ? null
        : url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) ? url
        : Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) ? u.PathAndQuery
        : null;

    /// <summary>The request log's level for a request: the store's own warm-up is left out.</summary>
    public LogEventLevel RequestLogLevel(HttpContext context, Exception? error) =>
        error is not null || context.Response.StatusCode > 499 ? LogEventLevel.Error
        : IsWarmUp(context) ? LogEventLevel.Verbose
        : LogEventLevel.Information;

    [LoggerMessage(Level = LogLevel.Information, Message = "Warmed up in {Seconds:0.0} s: {Requests} requests to its own pages; the JIT has compiled {Methods} methods in {JitSeconds:0.0} s{Stopped:l}")]
    private partial void LogWarmedUpCore(double seconds, long requests, long methods, double jitSeconds, string stopped);

    private void LogWarmedUp(double seconds, long requests, long methods, double jitSeconds, bool stoppedEarly) =>
        LogWarmedUpCore(seconds, requests, methods, jitSeconds, stoppedEarly ? " (stopped at an answer other than 200)" : "");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not warming up: the feed at {Address} did not answer 200 (https redirect or host filter); the store is ready cold")]
    private partial void LogSkipped(Uri address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warming up failed; the store is ready cold")]
    private partial void LogFailed(Exception e);
}

public static class ReadinessWarmUpExtensions
{
    /// <summary>The warm-up after start-up, and its readiness check under <c>/health</c>.</summary>
    public static WebApplicationBuilder AddReadinessWarmUp(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<WarmUpOptions>(builder.Configuration.GetSection(WarmUpOptions.Section));
        builder.Services.AddSingleton<ReadinessWarmUp>();
        builder.Services.AddHostedService(s => s.GetRequiredService<ReadinessWarmUp>());
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("warm-up", s => s.GetRequiredService<ReadinessWarmUp>(), HealthStatus.Degraded, null));
        return builder;
    }

    /// <summary>
    /// <c>/health</c>: 200 "Healthy" when the database answers and the warm-up is over; 503 "Degraded"
    /// while warming up (the store serves, not yet at full speed: a load balancer should wait), 503
    /// "Unhealthy" when the database does not answer.
    /// </summary>
    public static IEndpointConventionBuilder MapStorefrontHealth(this IEndpointRouteBuilder app) =>
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
}
