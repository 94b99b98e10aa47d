using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Storefront.Core.Notifications;

namespace Storefront.Web.Notifications;

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
