using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Storefront.Core.Data;
using Storefront.Core.Payments;
using Storefront.Core.Payments.Stripe;
using Stripe;
using Stripe.Checkout;

namespace Storefront.Web.Payments;

/// <summary>
/// POST /webhooks/stripe: the only way a Stripe payment is confirmed. The raw body is verified
/// against the Stripe-Signature header before anything is read from it or written anywhere.
/// </summary>
public static class StripeWebhook
{
    public const string Path = "/webhooks/stripe";

    /// <summary>Stripe's events are a few kilobytes; anything far larger is not one of them.</summary>
    private const long MaxBodyBytes = 512 * 1024;

    /// <summary>Stripe's own default: a signature older than five minutes may be a replay.</summary>
    private const long ToleranceSeconds = 300;

    public static async Task<IResult> HandleAsync(
        HttpContext http,
        IOptions<StripeOptions> options,
        StorefrontDbContext db,
        PaymentService payments,
        TimeProvider clock,
        ILoggerFactory loggers,
        CancellationToken ct)
    {
        var stripe = options.Value;
        if (!stripe.IsConfigured)
        {
            return Results.NotFound();
        }
        var logger = loggers.CreateLogger(typeof(StripeWebhook));

        var signature = http.Request.Headers["Stripe-Signature"].ToString();
        if (string.IsNullOrWhiteSpace(signature) || http.Request.ContentLength > MaxBodyBytes)
        {
            return Results.BadRequest();
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        Event stripeEvent;
        try
        {
            // The signature covers the exact bytes Stripe sent, so the body is read raw, never model-bound.
            using var reader = new StreamReader(http.Request.Body);
            var json = await reader.ReadToEndAsync(ct);
            // The API version of the event is the endpoint's, not necessarily Stripe.net's: only the
            // fields read below matter, and they are stable across versions.
            stripeEvent = EventUtility.ConstructEvent(json, signature, stripe.WebhookSecret,
                ToleranceSeconds, clock.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Rejected a Stripe webhook that failed verification: {Reason}", ex.Message);
            return Results.BadRequest();
        }

        if (stripeEvent.Data?.Object is not Session session || !IsHandled(stripeEvent.Type))
        {
            return Results.Ok();
        }

        // Redelivery is routine for Stripe; an event already recorded is acknowledged untouched.
        if (await db.ProcessedWebhookEvents.AsNoTracking().AnyAsync(e => e.Id == stripeEvent.Id, ct))
        {
            return Results.Ok();
        }

        var attemptKey = session.Metadata?.GetValueOrDefault("attempt_key");
        if (string.IsNullOrEmpty(attemptKey))
        {
            // A session this store did not create (a payment link on the same account, say).
            logger.LogInformation("Ignored Stripe event {EventId}: session {SessionId} has no attempt key", stripeEvent.Id, session.Id);
            return Results.Ok();
        }

        // Effect first, then the record. The effects are idempotent on their own (conditional
        // updates on the payment's and the order's status), so a delivery that dies between the two
        // is simply applied again, harmlessly, when Stripe redelivers. Claiming the event id first
        // would be worse: a failure after the claim would make Stripe's redelivery a no-op and
        // lose the payment. The effects open their own transactions, so both cannot share one.
        var outcome = await ApplyAsync(stripeEvent.Type, session, attemptKey, payments, ct);
        logger.LogInformation("Stripe event {EventId} {Type} for {AttemptKey}: {Outcome}", stripeEvent.Id, stripeEvent.Type, attemptKey, outcome);

        db.ChangeTracker.Clear();
        db.ProcessedWebhookEvents.Add(new ProcessedWebhookEvent
        {
            Id = stripeEvent.Id,
            Type = stripeEvent.Type,
            ReceivedAt = clock.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent delivery of the same event recorded it first; its effect was applied once.
            db.ChangeTracker.Clear();
        }
        return Results.Ok();
    }

    private static bool IsHandled(string type) => type is EventTypes.CheckoutSessionCompleted
        or EventTypes.CheckoutSessionAsyncPaymentSucceeded
        or EventTypes.CheckoutSessionAsyncPaymentFailed
        or EventTypes.CheckoutSessionExpired;

    private static async Task<string> ApplyAsync(string type, Session session, string attemptKey, PaymentService payments, CancellationToken ct)
    {
        switch (type)
        {
            case EventTypes.CheckoutSessionCompleted when session.PaymentStatus is "paid" or "no_payment_required":
            case EventTypes.CheckoutSessionAsyncPaymentSucceeded:
                return (await payments.CompleteAsync(attemptKey, true, paymentIntentId: session.PaymentIntentId, ct: ct)).ToString();
            case EventTypes.CheckoutSessionCompleted:
                // "unpaid": a delayed method (bank debit); async_payment_succeeded/failed will follow.
                return "awaiting asynchronous payment";
            case EventTypes.CheckoutSessionAsyncPaymentFailed:
                return (await payments.CompleteAsync(attemptKey, false, "The payment was declined.", ct: ct)).ToString();
            case EventTypes.CheckoutSessionExpired:
                return await payments.ExpireAsync(attemptKey, ct) ? "expired" : "already settled";
            default:
                return "ignored";
        }
    }
}
