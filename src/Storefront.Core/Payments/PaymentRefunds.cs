using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Storefront.Core.Data;

namespace Storefront.Core.Payments;

/// <summary>
/// The one home of the refund rule, for every path that owes a customer money (a payment that arrived
/// after its hold ended, a cancelled backorder, an order ended by cancellation). A refund is written
/// first, Pending, reserving its amount against what was charged (so total refunded never exceeds it
/// and a key is refunded at most once); then the provider is called with no transaction open, under
/// the refund's idempotency key. It becomes Refunded only when the provider confirms; until then the
/// refund job retries it with backoff under the same key, and staff see it in Admin → Refunds.
/// </summary>
public sealed class PaymentRefunds(
    StorefrontDbContext db,
    IPaymentGateway gateway,
    IOptions<PaymentsOptions> options,
    TimeProvider clock,
    ILogger<PaymentRefunds> logger)
{
    /// <summary>How long a job instance keeps others off a refund it is sending (longer than Stripe.net's timeouts).</summary>
    private static readonly TimeSpan SendLease = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    private const int ErrorMaxLength = 500;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Writes a Pending refund in the caller's transaction (no provider call). Null when the amount
    /// would take the payment's refunds past what it charged, or the payment is not a successful one.
    /// </summary>
    public async Task<Refund?> RecordAsync(Payment payment, long amount, string reason, string idempotencyKey, CancellationToken ct = default)
    {
        if (amount <= 0)
        {
            return null;
        }
        var reserved = await db.Payments
            .Where(p => p.Id == payment.Id && p.Status == PaymentStatus.Succeeded && p.RefundedAmount + amount <= p.Amount)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.RefundedAmount, p => p.RefundedAmount + amount), ct);
        if (reserved == 0)
        {
            return null;
        }
        var refund = new Refund
        {
            PaymentId = payment.Id,
            OrderId = payment.OrderId,
            Amount = amount,
            Currency = payment.Currency,
            Reason = reason,
            IdempotencyKey = idempotencyKey,
            Status = RefundStatus.Pending,
            CreatedAt = Now,
            // The caller sends it at once; the job only steps in if that call never happens (a crash).
            NextAttemptAt = Now + options.Value.RefundRetryBase,
        };
        db.Refunds.Add(refund);
        await db.SaveChangesAsync(ct);
        return refund;
    }

    /// <summary>
    /// Refunds an amount of a payment once per key: records it (unless a refund with this key exists)
    /// and sends it. A refund already confirmed is reported, not repeated.
    /// </summary>
    /// <exception cref="PaymentUnavailableException">The provider could not be reached; the refund stays Pending and is retried.</exception>
    public async Task<RefundOutcome> RefundAsync(Payment payment, long amount, string reason, string idempotencyKey, CancellationToken ct = default)
    {
        if (amount <= 0)
        {
            return new RefundOutcome(false, null, "Nothing to refund.");
        }
        if (!await db.Refunds.AsNoTracking().AnyAsync(r => r.IdempotencyKey == idempotencyKey, ct))
        {
            var recorded = await db.InTransactionAsync(async ct =>
            {
                try
                {
                    return await RecordAsync(payment, amount, reason, idempotencyKey, ct) is not null;
                }
                catch (DbUpdateException)
                {
                    // The same key won a race: that refund stands, this one is not made.
                    db.ChangeTracker.Clear();
                    return false;
                }
            }, recorded => recorded, ct);
            if (!recorded && !await db.Refunds.AsNoTracking().AnyAsync(r => r.IdempotencyKey == idempotencyKey, ct))
            {
                return new RefundOutcome(false, null, "The refund would exceed what was charged.");
            }
        }
        return await SendAsync(idempotencyKey, ct);
    }

    /// <summary>
    /// Calls the provider for a recorded refund, with its own amount and key, and records the answer:
    /// Refunded when confirmed; Failed when refused; otherwise still Pending, due again after a
    /// doubling wait (Failed after <see cref="PaymentsOptions.RefundMaxAttempts"/> attempts).
    /// </summary>
    /// <exception cref="PaymentUnavailableException">The provider could not be reached; the refund stays Pending.</exception>
    public async Task<RefundOutcome> SendAsync(string idempotencyKey, CancellationToken ct = default)
    {
        var refund = await db.Refunds.AsNoTracking().FirstOrDefaultAsync(r => r.IdempotencyKey == idempotencyKey, ct);
        if (refund is null)
        {
            return new RefundOutcome(false, null, "There is no such refund.");
        }
        if (refund.Status == RefundStatus.Refunded)
        {
            return new RefundOutcome(true, refund.ProviderReference, null);
        }
        var payment = await db.Payments.AsNoTracking().SingleAsync(p => p.Id == refund.PaymentId, ct);

        RefundOutcome outcome;
        try
        {
            outcome = await gateway.RefundAsync(payment, refund.Amount, idempotencyKey, ct);
        }
        catch (PaymentUnavailableException ex)
        {
            await RecordFailureAsync(refund, ex.Message, refused: false, ct);
            throw;
        }
        if (outcome.Succeeded)
        {
            var now = Now;
            await db.Refunds.Where(r => r.Id == refund.Id && r.Status != RefundStatus.Refunded)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(r => r.Status, RefundStatus.Refunded)
                    .SetProperty(r => r.ProviderReference, outcome.ProviderReference)
                    .SetProperty(r => r.Attempts, r => r.Attempts + 1)
                    .SetProperty(r => r.LastError, (string?)null)
                    .SetProperty(r => r.NextAttemptAt, (DateTime?)null)
                    .SetProperty(r => r.CompletedAt, now), ct);
        }
        else
        {
            await RecordFailureAsync(refund, outcome.Error ?? "The provider did not confirm the refund.", refused: true, ct);
        }
        return outcome;
    }

    /// <summary>
    /// Staff asked to try again (Admin): a Failed refund gets a fresh round of automatic retries, and
    /// is sent now. Null when there is no such refund.
    /// </summary>
    public async Task<RefundOutcome?> RetryAsync(int refundId, CancellationToken ct = default)
    {
        var key = await db.Refunds.AsNoTracking().Where(r => r.Id == refundId).Select(r => r.IdempotencyKey).FirstOrDefaultAsync(ct);
        if (key is null)
        {
            return null;
        }
        await db.Refunds.Where(r => r.Id == refundId && r.Status == RefundStatus.Failed)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, RefundStatus.Pending).SetProperty(r => r.Attempts, 0), ct);
        try
        {
            return await SendAsync(key, ct);
        }
        catch (PaymentUnavailableException ex)
        {
            return new RefundOutcome(false, null, ex.Message);
        }
    }

    /// <summary>One pass of the refund job: sends every Pending refund that is due; returns how many it tried.</summary>
    public async Task<int> RetryDueAsync(CancellationToken ct = default)
    {
        var now = Now;
        var due = await db.Refunds.AsNoTracking()
            .Where(r => r.Status == RefundStatus.Pending && r.NextAttemptAt != null && r.NextAttemptAt <= now)
            .OrderBy(r => r.NextAttemptAt).ThenBy(r => r.Id)
            .Select(r => new { r.Id, r.IdempotencyKey, r.NextAttemptAt })
            .Take(20)
            .ToListAsync(ct);
        var tried = 0;
        foreach (var refund in due)
        {
            // Claimed by moving its due time on: another instance reading the same row now skips it.
            var leaseEnds = now + SendLease;
            var claimed = await db.Refunds
                .Where(r => r.Id == refund.Id && r.Status == RefundStatus.Pending && r.NextAttemptAt == refund.NextAttemptAt)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.NextAttemptAt, leaseEnds), ct);
            if (claimed == 0)
            {
                continue;
            }
            tried++;
            try
            {
                var outcome = await SendAsync(refund.IdempotencyKey, ct);
                if (outcome.Succeeded)
                {
                    logger.LogInformation("Refund {RefundKey} confirmed by the provider on retry", refund.IdempotencyKey);
                }
            }
            catch (PaymentUnavailableException)
            {
                // Recorded by SendAsync, with its next due time.
            }
        }
        return tried;
    }

    private async Task RecordFailureAsync(Refund refund, string error, bool refused, CancellationToken ct)
    {
        var attempts = refund.Attempts + 1;
        var max = Math.Max(1, options.Value.RefundMaxAttempts);
        var giveUp = refused || attempts >= max;
        var wait = options.Value.RefundRetryBase * Math.Pow(2, Math.Min(attempts - 1, 20));
        var next = giveUp ? (DateTime?)null : Now + (wait > LongestWait ? LongestWait : wait);
        var status = giveUp ? RefundStatus.Failed : RefundStatus.Pending;
        var message = error.Length <= ErrorMaxLength ? error : error[..ErrorMaxLength];
        await db.Refunds.Where(r => r.Id == refund.Id && r.Status != RefundStatus.Refunded && r.Attempts == refund.Attempts)
            .ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Status, status)
                .SetProperty(r => r.Attempts, attempts)
                .SetProperty(r => r.LastError, message)
                .SetProperty(r => r.NextAttemptAt, next), ct);
        if (giveUp)
        {
            logger.LogError("Refund {RefundKey} of {Amount} {Currency} needs staff: {Error} (attempt {Attempts})",
                refund.IdempotencyKey, refund.Amount, refund.Currency, message, attempts);
        }
        else
        {
            logger.LogWarning("Refund {RefundKey} was not confirmed by the provider (attempt {Attempts}); retrying at {Next:u}: {Error}",
                refund.IdempotencyKey, attempts, next, message);
        }
    }
}
