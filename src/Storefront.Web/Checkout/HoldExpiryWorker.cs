using Storefront.Core.Orders;
using Storefront.Core.Checkout;

namespace Storefront.Web.Checkout;

public sealed class CheckoutOptions
{
    public const string Section = "Checkout";

    /// <summary>How often abandoned checkouts are looked for.</summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Releases the stock of checkouts whose payment never came, so abandoned carts never keep stock.</summary>
public sealed class HoldExpiryWorker(IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<CheckoutOptions> options, ILogger<HoldExpiryWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ExpirySweepInterval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var released = await scope.ServiceProvider.GetRequiredService<OrderHolds>().ReleaseExpiredAsync(ct: stoppingToken);
                if (released > 0)
                {
                    logger.LogInformation("Released the stock held by {Count} expired checkouts", released);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Releasing expired checkouts failed; will try again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
