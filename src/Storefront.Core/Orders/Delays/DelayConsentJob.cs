using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Storefront.Core.Jobs;

namespace Storefront.Core.Orders.Delays;

/// <summary>
/// Reminds customers halfway to a delay's answer deadline and cancels and refunds what was not
/// answered by it. Every instance runs it; the conditional UPDATEs of <see cref="DelayConsent"/> keep
/// two instances from reminding or refunding twice.
/// </summary>
public sealed class DelayConsentJob(IServiceScopeFactory scopes, IOptions<BackorderOptions> options, ILogger<DelayConsentJob> logger)
    : RecurringJob(scopes, logger)
{
    protected override TimeSpan Interval => options.Value.ConsentSweepInterval;

    protected override string Activity => "Reminding about delays and cancelling unanswered ones";

    protected override bool DrainBacklog => true;

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<DelayConsent>().SweepAsync(ct);
}
