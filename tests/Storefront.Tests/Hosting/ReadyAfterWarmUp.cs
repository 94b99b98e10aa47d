using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using Storefront.Tests.Infrastructure;
using Storefront.Web.Infrastructure;

namespace Storefront.Tests.Hosting;

/// <summary>
/// On a real Kestrel port, the store drives its own shopper pages after start-up and answers
/// <c>/health</c> with 503 until it has, serving shoppers all along (ADR 0025).
/// </summary>
public sealed class ReadyAfterWarmUp(StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    private readonly RequestLines _requestLog = new();
    private StorefrontFactory _app = null!;

    public async Task InitializeAsync() =>
        _app = await host.AppForTestAsync(new StorefrontOptions
        {
            UseKestrel = true,
            SeedDemoData = true,
            Environment = "Production",
            Settings = new Dictionary<string, string?>
            {
                // Long enough that the first health check surely comes while it runs; the JIT never counts as done.
                ["WarmUp:MaxSeconds"] = "8",
                ["WarmUp:QuietMethodsPerSecond"] = "0",
                // The request log, into a sink this test reads.
                ["Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware"] = "Information",
            },
            ConfigureServices = services => services.AddSingleton<ILogEventSink>(_requestLog),
        });

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task HealthSays503WhileWarmingUp_ThenReady_AndShoppersAreServedMeanwhile()
    {
        using var client = new HttpClient { BaseAddress = _app.ServerAddress };
        var warmUp = _app.Services.GetRequiredService<ReadinessWarmUp>();

        using var warming = await client.GetAsync("/health");
        using var page = await client.GetAsync("/robots.txt");
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/sitemap.xml") { Headers = { { ReadinessWarmUp.Header, "not-the-secret" } } };
        using var forgedAnswer = await client.SendAsync(forged);
        var warmingBody = await warming.Content.ReadAsStringAsync();
        var readyAt = DateTime.UtcNow.AddSeconds(60);
        HttpStatusCode status;
        do
        {
            await Task.Delay(250);
            using var health = await client.GetAsync("/health");
            status = health.StatusCode;
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < readyAt);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, warming.StatusCode);
        Assert.Equal("Degraded", warmingBody);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(warmUp.IsReady);
        // It did request the pages: the catalog, the feed and the feed's first product pages, each 200.
        Assert.True(warmUp.Served > 50, $"warm-up served {warmUp.Served} requests");
        // Shoppers' requests are in the request log, a forged warm-up header too; the warm-up's own are not.
        var log = _requestLog.Text;
        Assert.Contains("\"/robots.txt\" responded 200", log, StringComparison.Ordinal);
        Assert.Contains("\"/sitemap.xml\" responded 200", log, StringComparison.Ordinal);
        Assert.DoesNotContain("\"/api/products\"", log, StringComparison.Ordinal);
        Assert.DoesNotContain("\"/products/", log, StringComparison.Ordinal);
    }

    /// <summary>The request log's lines, as the store's Serilog logger writes them (it reads sinks from its services).</summary>
    private sealed class RequestLines : ILogEventSink
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        public string Text => string.Join('\n', _lines);

        public void Emit(LogEvent logEvent)
        {
            if (logEvent.Properties.TryGetValue("SourceContext", out var source) && source.ToString().Contains("RequestLoggingMiddleware", StringComparison.Ordinal))
            {
                _lines.Enqueue(logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    [Theory]
    [InlineData(new long[] { 900, 10, 5 }, 3, false)]              // too few quiet seconds to tell
    [InlineData(new long[] { 900, 400, 300, 250 }, 3, false)]      // still compiling
    [InlineData(new long[] { 900, 300, 24, 10, 3 }, 3, true)]      // three quiet seconds in a row
    [InlineData(new long[] { 900, 300, 24, 10, 3, 40 }, 3, false)] // a page the warm-up had not reached compiles
    public void TheJitCountsAsDone_AfterQuietSecondsInARow(long[] compiledPerSecond, int window, bool settled) =>
        Assert.Equal(settled, ReadinessWarmUp.Settled(compiledPerSecond, window, quiet: 25));
}
