using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Storefront.Core.Checkout;
using Storefront.Core.Data;
using Storefront.Core.Incentives;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;

namespace Storefront.Core.Payments;

public enum PaymentCompletion
{
    Paid,
    Declined,
    /// <summary>Already handled before (a redelivered webhook, a double click): nothing changed.</summary>
    AlreadyHandled,
    /// <summary>Money arrived for an order whose hold had already ended; it was refunded in full.</summary>
    RefundedLate,
    UnknownPayment,
}

public enum CardDeclineOutcome
{
    /// <summary>The order is still held: the shopper may try another card on it.</summary>
    TryAgain,
    /// <summary>That was the last decline allowed: the hold is released.</summary>
    Released,
    AlreadyHandled,
    UnknownPayment,
}

/// <param name="TriesLeft">With <see cref="CardDeclineOutcome.TryAgain"/>: cards the shopper may still try on this order.</param>
public sealed record CardDecline(CardDeclineOutcome Outcome, int TriesLeft = 0);

/// <summary>
/// Takes payment for a placed order through the configured gateway and applies the outcome to the
/// order's hold. The provider is only ever called with no database transaction open.
/// </summary>
public sealed class PaymentService(
    StorefrontDbContext db,
    IPaymentGateway gateway,
    OrderHolds holds,
    Outbox outbox,
    CustomerMessages messages,
    IncentiveCodes codes,
    PaymentRefunds refunds,
    PaymentSetup setup,
    TimeProvider clock,
    IOptions<CheckoutOptions> checkout,
    ILogger<PaymentService> logger)
{
    public string GatewayName => gateway.Name;

    /// <summary>How this store takes payment; checkout refuses orders when it cannot (ADR 0014).</summary>
    public PaymentSetup Setup => setup;

    /// <summary>An order's first payment attempt: its key is derived from the order, so a double click reuses it.</summary>
    public static string AttemptKeyFor(Order order) => AttemptKeyFor(order.Number, 1);

    /// <summary>The key of an order's Nth attempt: after a declined card the next attempt gets the next number.</summary>
    public static string AttemptKeyFor(string orderNumber, int attempt) =>
        attempt <= 1 ? "pay_" + orderNumber : $"pay_{orderNumber}_{attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <exception cref="PaymentDeclinedException">The provider refused the attempt; the order's hold is already released.</exception>
    /// <exception cref="PaymentUnavailableException">The provider could not be reached; the order stays held and the call may be repeated.</exception>
    public async Task<PaymentSession?> BeginAsync(int orderId, PaymentReturnUrls urls, CancellationToken ct = default)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null || order.Status != OrderStatus.PendingPayment)
        {
            return null;
        }
        // The order's latest attempt, or the next one after a declined card (the order is still held).
        var attempts = await db.Payments.Where(p => p.OrderId == order.Id).OrderByDescending(p => p.Id).ToListAsync(ct);
        return await BeginAttemptAsync(order, attempts.FirstOrDefault(), attempts.Count, urls, ct);
    }

    /// <summary>
    /// The first payment attempt of an order this request has just placed (<see cref="PlaceOrderOutcome.Placed"/>,
    /// with its lines): it is waiting for payment and has no attempt yet, so neither is read again. A
    /// second submit of the same form that begins the same attempt at once meets the unique attempt
    /// key, and the attempt already made stands, as in <see cref="BeginAsync(int, PaymentReturnUrls, CancellationToken)"/>.
    /// </summary>
    /// <exception cref="PaymentDeclinedException">The provider refused the attempt; the order's hold is already released.</exception>
    /// <exception cref="PaymentUnavailableException">The provider could not be reached; the order stays held and the call may be repeated.</exception>
    public Task<PaymentSession?> BeginPlacedAsync(Order placed, PaymentReturnUrls urls, CancellationToken ct = default) =>
        placed.Status == OrderStatus.PendingPayment
            ? BeginAttemptAsync(placed, null, 0, urls, ct)
            : Task.FromResult<PaymentSession?>(null);

    private async Task<PaymentSession?> BeginAttemptAsync(Order order, Payment? latest, int attemptsSoFar, PaymentReturnUrls urls, CancellationToken ct)
    {
        var payment = latest;
        if (payment is null || payment.Status == PaymentStatus.Failed)
        {
            var key = AttemptKeyFor(order.Number, attemptsSoFar + 1);
            payment = new Payment
            {
                OrderId = order.Id,
                Provider = gateway.Name,
                AttemptKey = key,
                Amount = order.TotalAmount,
                Currency = order.Currency,
                Status = PaymentStatus.Pending,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.Payments.Add(payment);
            try
            {
                await db.WriteAsync(token => db.SaveChangesAsync(token), ct);
            }
            catch (DbUpdateException)
            {
                // A double click made the same attempt first: that one stands.
                db.ChangeTracker.Clear();
                payment = await db.Payments.SingleAsync(p => p.AttemptKey == key, ct);
            }
        }
        var attemptKey = payment.AttemptKey;
        if (payment.Status != PaymentStatus.Pending)
        {
            return null;
        }
        if (payment.Amount == 0)
        {
            // A code covered everything: there is nothing to charge, and Stripe cannot take a zero payment.
            await CompleteAsync(attemptKey, succeeded: true, ct: ct);
            return new PaymentSession(urls.Success, null);
        }

        PaymentSession session;
        try
        {
            session = await gateway.BeginAsync(order, payment, urls, ct);
        }
        catch (PaymentDeclinedException ex)
        {
            // The provider refused to open a payment page for this order at all (no card was tried),
            // so another card cannot help: release the hold now, then let the checkout page say why.
            await CompleteAsync(attemptKey, false, ex.Message, ct: ct);
            throw;
        }
        if (session.ProviderReference is not null && payment.ProviderReference != session.ProviderReference)
        {
            payment.ProviderReference = session.ProviderReference;
            await db.WriteAsync(token => db.SaveChangesAsync(token), ct);
        }
        return session;
    }

    /// <summary>
    /// A card the shopper typed was declined. The attempt fails, but the order keeps its hold (its
    /// allocation, backorder places and promised dates) so another card can be tried on it, until
    /// <see cref="CheckoutOptions.MaxDeclines"/> cards were declined: that one releases the hold.
    /// </summary>
    public async Task<CardDecline> DeclineCardAsync(string attemptKey, string failureMessage, CancellationToken ct = default)
    {
        var payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.AttemptKey == attemptKey, ct);
        if (payment is null)
        {
            return new CardDecline(CardDeclineOutcome.UnknownPayment);
        }
        if (payment.Status != PaymentStatus.Pending)
        {
            return new CardDecline(CardDeclineOutcome.AlreadyHandled);
        }
        var declines = 1 + await db.Payments.CountAsync(p => p.OrderId == payment.OrderId && p.Id != payment.Id && p.Status == PaymentStatus.Failed, ct);
        var allowed = Math.Max(1, checkout.Value.MaxDeclines);
        if (declines >= allowed)
        {
            var completion = await CompleteAsync(attemptKey, false, failureMessage, ct: ct);
            return new CardDecline(completion == PaymentCompletion.Declined ? CardDeclineOutcome.Released : CardDeclineOutcome.AlreadyHandled);
        }
        var marked = await db.Payments.Where(p => p.Id == payment.Id && p.Status == PaymentStatus.Pending)
            .ExecuteUpdateAsync(u => u
                .SetProperty(p => p.Status, PaymentStatus.Failed)
                .SetProperty(p => p.FailureMessage, failureMessage)
                .SetProperty(p => p.CompletedAt, clock.GetUtcNow().UtcDateTime), ct);
        return marked == 1 ? new CardDecline(CardDeclineOutcome.TryAgain, allowed - declines) : new CardDecline(CardDeclineOutcome.AlreadyHandled);
    }

    /// <summary>
    /// Applies a provider's answer for a payment attempt, once; safe to call again with the same answer.
    /// A failure here is final (a bank debit that failed after the shopper left, a refused session):
    /// the hold is released at once. A declined card the shopper can replace goes through <see cref="DeclineCardAsync"/>.
    /// </summary>
    public async Task<PaymentCompletion> CompleteAsync(string attemptKey, bool succeeded, string? failureMessage = null,
        string? paymentIntentId = null, CancellationToken ct = default)
    {
        var payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.AttemptKey == attemptKey, ct);
        if (payment is null)
        {
            return PaymentCompletion.UnknownPayment;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (!succeeded)
        {
            var released = await holds.ReleaseAsync(payment.OrderId, OrderStatus.PaymentFailed, ct);
            var marked = await db.Payments.Where(p => p.Id == payment.Id && p.Status == PaymentStatus.Pending)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(p => p.Status, PaymentStatus.Failed)
                    .SetProperty(p => p.FailureMessage, failureMessage)
                    .SetProperty(p => p.CompletedAt, now), ct);
            return released || marked == 1 ? PaymentCompletion.Declined : PaymentCompletion.AlreadyHandled;
        }

        var (claimed, orderConfirmed) = await db.InTransactionAsync(async ct =>
        {
            var won = await db.Payments.Where(p => p.Id == payment.Id && p.Status != PaymentStatus.Succeeded)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(p => p.Status, PaymentStatus.Succeeded)
                    .SetProperty(p => p.PaymentIntentId, p => paymentIntentId ?? p.PaymentIntentId)
                    .SetProperty(p => p.CompletedAt, now), ct);
            var confirmed = won == 1 && await holds.ConfirmPaidAsync(payment.OrderId, ct);
            if (confirmed)
            {
                // The confirmation email is written with the payment, so it can be neither lost nor sent for an unpaid order.
                var order = await db.Orders.AsNoTracking().Include(o => o.Lines).ThenInclude(l => l.Backorders).SingleAsync(o => o.Id == payment.OrderId, ct);
                // Issued in the same transaction as the payment, once (the order becomes Paid once), so the email can show it.
                var thanks = await codes.IssueNextPurchaseAsync(order, ct);
                outbox.Enqueue(MessageKinds.OrderConfirmed, order.Email,
                    messages.OrderConfirmed(order, payment.Amount, thanks is null ? null : IncentiveMessages.NextPurchaseNote(thanks)),
                    order.Id, "order-confirmed:" + order.Number);
                await db.SaveChangesAsync(ct);
            }
            return (won == 1, confirmed);
        }, ct: ct);
        if (!claimed)
        {
            return PaymentCompletion.AlreadyHandled;
        }
        if (orderConfirmed)
        {
            return PaymentCompletion.Paid;
        }

        // The hold ended (expired or declined earlier) before the money arrived: the stock is gone,
        // so the shopper gets every cent back rather than an order we cannot honour.
        logger.LogWarning("Payment {AttemptKey} succeeded after the order's hold ended; refunding it in full", attemptKey);
        var refreshed = await db.Payments.AsNoTracking().SingleAsync(p => p.Id == payment.Id, ct);
        try
        {
            await RefundAsync(refreshed, refreshed.Amount - refreshed.RefundedAmount, "Payment arrived after the checkout hold ended", attemptKey + "_late", ct);
        }
        catch (PaymentUnavailableException)
        {
            // The refund is recorded Pending: the refund job retries it under the same key. This
            // answer is final for the webhook (its redelivery is a no-op), so it must not throw.
        }
        return PaymentCompletion.RefundedLate;
    }

    /// <summary>
    /// The provider let the attempt lapse unpaid (a Checkout Session expired): the hold ends as
    /// Expired. A payment or an order already settled is left alone, whichever order events arrive in.
    /// </summary>
    public async Task<bool> ExpireAsync(string attemptKey, CancellationToken ct = default)
    {
        var payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.AttemptKey == attemptKey, ct);
        if (payment is null)
        {
            return false;
        }
        const string sessionExpired = "The checkout session expired before payment.";
        var released = await holds.ReleaseAsync(payment.OrderId, OrderStatus.Expired, sessionExpired, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var marked = await db.Payments.Where(p => p.Id == payment.Id && p.Status == PaymentStatus.Pending)
            .ExecuteUpdateAsync(u => u
                .SetProperty(p => p.Status, PaymentStatus.Failed)
                .SetProperty(p => p.FailureMessage, sessionExpired)
                .SetProperty(p => p.CompletedAt, now), ct);
        return released || marked == 1;
    }

    /// <summary>Refunds an amount of a payment once per key (see <see cref="PaymentRefunds"/>, the one home of that rule).</summary>
    /// <exception cref="PaymentUnavailableException">The provider could not be reached; the refund stays Pending and is retried.</exception>
    public Task<RefundOutcome> RefundAsync(Payment payment, long amount, string reason, string idempotencyKey, CancellationToken ct = default) =>
        refunds.RefundAsync(payment, amount, reason, idempotencyKey, ct);
}
