using Microsoft.Extensions.Options;
using Storefront.Core.Notifications;

namespace Storefront.Web.Notifications;

/// <summary>
/// Looks for orders due a "still on its way" update every check interval and writes them to the
/// outbox; the outbox worker sends them. Every instance may run it: dedup keys stop doubles.
/// </summary>
public sealed class StillOnItsWayWorker(IServiceScopeFactory scopes, IOptions<NotificationOptions> options, ILogger<StillOnItsWayWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.StillOnItsWayCheckInterval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var written = await scope.ServiceProvider.GetRequiredService<StillOnItsWayReminders>().SendDueAsync(stoppingToken);
                if (written > 0)
                {
                    logger.LogInformation("Wrote {Count} \"still on its way\" updates", written);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Writing \"still on its way\" updates failed; will try again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
