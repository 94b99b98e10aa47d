using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Storefront.Core.Checkout;
using Storefront.Core.Notifications;
using Storefront.Core.Payments;

namespace Storefront.Core.Jobs;

/// <summary>Releases the stock of checkouts whose payment never came, so abandoned carts never keep stock.</summary>
public sealed class HoldExpiryJob(IServiceScopeFactory scopes, IOptions<CheckoutOptions> options, ILogger<HoldExpiryJob> logger)
    : RecurringJob(scopes, logger)
{
    protected override TimeSpan Interval => options.Value.ExpirySweepInterval;

    protected override string Activity => "Releasing expired checkouts";

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<OrderHolds>().ReleaseExpiredAsync(ct: ct);
}

/// <summary>Sends what is due in the outbox; a backlog drains batch after batch. Leases keep instances apart.</summary>
public sealed class OutboxJob(IServiceScopeFactory scopes, IOptions<OutboxOptions> options, ILogger<OutboxJob> logger)
    : RecurringJob(scopes, logger)
{
    // Lease owners are at most 100 characters; the claim adds a 33-character suffix.
    private readonly string _instance = InstanceName(60);

    protected override TimeSpan Interval => options.Value.PollInterval;

    protected override string Activity => "Sending email from the outbox";

    protected override bool DrainBacklog => true;

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<OutboxSender>().SendBatchAsync(_instance, ct);
}

/// <summary>Writes the "still on its way" updates that are due; dedup keys stop doubles between instances.</summary>
public sealed class StillOnItsWayJob(IServiceScopeFactory scopes, IOptions<NotificationOptions> options, ILogger<StillOnItsWayJob> logger)
    : RecurringJob(scopes, logger)
{
    protected override TimeSpan Interval => options.Value.StillOnItsWayCheckInterval;

    protected override string Activity => "Writing \"still on its way\" updates";

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<StillOnItsWayReminders>().SendDueAsync(ct);
}

/// <summary>Sends back-in-stock alerts for products that can be bought again, one per subscriber.</summary>
public sealed class BackInStockJob(IServiceScopeFactory scopes, IOptions<BackInStockOptions> options, ILogger<BackInStockJob> logger)
    : RecurringJob(scopes, logger)
{
    // Claim owners are at most 20 characters.
    private readonly string _instance = InstanceName(20);

    protected override TimeSpan Interval => options.Value.BackInStockSweepInterval;

    protected override string Activity => "Sending back-in-stock alerts";

    // Subscriptions made in the first minute are swept on the next tick like every other.
    protected override bool RunAtStart => false;

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<BackInStockSweep>().SweepAsync(_instance, ct);
}

/// <summary>
/// Retries the refunds the provider has not confirmed, when each is due (backoff doubles per failed
/// attempt), under the refund's own idempotency key, so a retry can never pay twice.
/// </summary>
public sealed class RefundRetryJob(IServiceScopeFactory scopes, IOptions<PaymentsOptions> options, ILogger<RefundRetryJob> logger)
    : RecurringJob(scopes, logger)
{
    protected override TimeSpan Interval => options.Value.RefundRetryInterval;

    protected override string Activity => "Retrying refunds the provider has not confirmed";

    protected override bool DrainBacklog => true;

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<PaymentRefunds>().RetryDueAsync(ct);
}
