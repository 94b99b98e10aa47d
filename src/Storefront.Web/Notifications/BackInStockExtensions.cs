using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Storefront.Core.Notifications;

namespace Storefront.Web.Notifications;

public static class BackInStockExtensions
{
    /// <summary>Back-in-stock subscriptions, their sweep, the outbox admin service and the subscribe rate limit.</summary>
    public static WebApplicationBuilder AddBackInStockAlerts(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<BackInStockOptions>(builder.Configuration.GetSection(BackInStockOptions.Section));
        builder.Services.AddScoped<BackInStockLinks>();
        builder.Services.AddScoped<BackInStockMessages>();
        builder.Services.AddScoped<BackInStockSubscriptions>();
        builder.Services.AddScoped<BackInStockSweep>();
        builder.Services.AddScoped<OutboxAdmin>();
        builder.Services.AddSingleton<BackInStockRateLimiter>();
        builder.Services.AddHostedService<BackInStockWorker>();
        return builder;
    }
}

/// <summary>
/// Limits "notify me" requests per client IP address (a fixed window per minute), so the form can't
/// be used to flood strangers' inboxes with confirmation emails. It is the System.Threading.RateLimiting
/// limiter ASP.NET Core's middleware uses, applied by the subscribe handler itself: only that handler
/// is limited, and the refusal can be the product page with a friendly 429 message.
/// </summary>
public sealed class BackInStockRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public BackInStockRateLimiter(IOptions<BackInStockOptions> options)
    {
        var permits = Math.Max(1, options.Value.BackInStockSubscribesPerMinute);
        _limiter = PartitionedRateLimiter.Create<string, string>(ip => RateLimitPartition.GetFixedWindowLimiter(ip, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>True when this client may subscribe now.</summary>
    public bool TryAcquire(HttpContext context)
    {
        var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        using var lease = _limiter.AttemptAcquire(ip);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}

/// <summary>Runs the back-in-stock sweep every Notifications:BackInStockSweepInterval on each instance.</summary>
public sealed class BackInStockWorker(IServiceScopeFactory scopes, IOptions<BackInStockOptions> options, ILogger<BackInStockWorker> logger) : BackgroundService
{
    private readonly string _instance = $"{Environment.MachineName}-{Environment.ProcessId}"[..Math.Min(20, $"{Environment.MachineName}-{Environment.ProcessId}".Length)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.BackInStockSweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<BackInStockSweep>().SweepAsync(_instance, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The back-in-stock sweep failed; will try again");
            }
        }
    }
}
