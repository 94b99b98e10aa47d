using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Storefront.Core.Jobs;

/// <summary>
/// The loop every background job of the store shares: every <see cref="Interval"/> it runs one pass
/// in a fresh scope, logs what the pass did, and survives a failed pass (logged, tried again next
/// tick). Every instance of the store runs every job; the jobs claim their rows with conditional
/// UPDATEs or leases, so instances never do the same work twice.
/// </summary>
public abstract class RecurringJob(IServiceScopeFactory scopes, ILogger logger) : BackgroundService
{
    /// <summary>How long to wait between passes.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>What the job does, for the log ("releasing expired checkouts").</summary>
    protected abstract string Activity { get; }

    /// <summary>Run a pass as soon as the store starts (true) or only after the first interval.</summary>
    protected virtual bool RunAtStart => true;

    /// <summary>Run another pass at once while a pass finds work (a backlog drains without waiting).</summary>
    protected virtual bool DrainBacklog => false;

    /// <summary>One pass; returns how many items it handled.</summary>
    protected abstract Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct);

    /// <summary>A name for this process, unique among the store's instances, for lease owners.</summary>
    protected static string InstanceName(int maxLength)
    {
        var name = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
        return name.Length <= maxLength ? name : name[^maxLength..];
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        if (!RunAtStart && !await timer.WaitForNextTickAsync(stoppingToken))
        {
            return;
        }
        do
        {
            try
            {
                int handled;
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    handled = await RunOnceAsync(scope.ServiceProvider, stoppingToken);
                    if (handled > 0)
                    {
                        logger.LogInformation("{Activity}: {Count} handled", Activity, handled);
                    }
                }
                while (DrainBacklog && handled > 0 && !stoppingToken.IsCancellationRequested);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "{Activity} failed; will try again", Activity);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
