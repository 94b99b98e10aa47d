using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Storefront.Core.Availability;
using Storefront.Core.Orders;
using Stripe;
using Stripe.Checkout;

namespace Storefront.Core.Payments.Stripe;

/// <summary>
/// Takes payment through a Stripe Checkout Session per order attempt. The shopper pays on Stripe's
/// page; the order is confirmed only by the signed webhook, never by the browser coming back.
/// </summary>
public sealed class StripePaymentGateway(IStripeClient stripe, ILogger<StripePaymentGateway> logger) : IPaymentGateway
{
    public const string ProviderName = "Stripe";

    /// <summary>Stripe accepts a session's expires_at from 30 minutes to 24 hours after it is created.</summary>
    public static readonly TimeSpan MinimumSessionLifetime = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan MaximumSessionLifetime = TimeSpan.FromHours(24);

    /// <summary>Slack between our clock reading and Stripe creating the session (and clock skew).</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(2);

    /// <summary>The shortest checkout hold that Stripe can keep in step with.</summary>
    public static readonly TimeSpan ShortestHold = MinimumSessionLifetime + Margin + Margin;

    public string Name => ProviderName;

    public async Task<PaymentSession> BeginAsync(Order order, Payment payment, PaymentReturnUrls urls, CancellationToken ct = default)
    {
        var options = SessionOptionsFor(order, payment, urls);
        try
        {
            // The attempt key makes a double click, a retry or a crash between this call and saving
            // the session id come back to the same session instead of opening a second one.
            var session = await new SessionService(stripe).CreateAsync(
                options, new RequestOptions { IdempotencyKey = payment.AttemptKey }, ct);
            return new PaymentSession(session.Url, session.Id);
        }
        catch (StripeException ex) when (IsRefusal(ex))
        {
            logger.LogWarning("Stripe refused a Checkout Session for {AttemptKey}: {Type} {Code} {Message}",
                payment.AttemptKey, ex.StripeError?.Type, ex.StripeError?.Code, ex.StripeError?.Message);
            throw new PaymentDeclinedException(ShopperMessage(ex), ex);
        }
        catch (Exception ex) when (IsTransient(ex, ct))
        {
            logger.LogError(ex, "Stripe could not create a Checkout Session for {AttemptKey}", payment.AttemptKey);
            throw new PaymentUnavailableException("The payment provider is not answering right now. Your order is still held; please try again in a minute.", ex);
        }
    }

    public async Task<RefundOutcome> RefundAsync(Payment payment, long amount, string idempotencyKey, CancellationToken ct = default)
    {
        try
        {
            var paymentIntentId = payment.PaymentIntentId;
            if (paymentIntentId is null && payment.ProviderReference is { } sessionId)
            {
                // The webhook normally records the intent; an older payment may only know its session.
                var session = await new SessionService(stripe).GetAsync(sessionId, cancellationToken: ct);
                paymentIntentId = session.PaymentIntentId;
            }
            if (paymentIntentId is null)
            {
                return new RefundOutcome(false, null, "Stripe holds no charge for this payment.");
            }

            var refund = await new RefundService(stripe).CreateAsync(new RefundCreateOptions
            {
                PaymentIntent = paymentIntentId,
                Amount = amount,
                Metadata = new Dictionary<string, string>
                {
                    ["order_id"] = payment.OrderId.ToString(CultureInfo.InvariantCulture),
                    ["attempt_key"] = payment.AttemptKey,
                    ["refund_key"] = idempotencyKey,
                },
            }, new RequestOptions { IdempotencyKey = idempotencyKey }, ct);
            return refund.Status is "failed" or "canceled"
                ? new RefundOutcome(false, refund.Id, $"Stripe reported the refund as {refund.Status}.")
                : new RefundOutcome(true, refund.Id, null);
        }
        catch (StripeException ex) when (IsRefusal(ex))
        {
            return new RefundOutcome(false, null, ex.StripeError?.Message ?? ex.Message);
        }
        catch (Exception ex) when (IsTransient(ex, ct))
        {
            // Stripe.net has already retried with the same key; the caller keeps the key and may try again.
            logger.LogError(ex, "Stripe could not be reached to refund {RefundKey}", idempotencyKey);
            throw new PaymentUnavailableException("Stripe could not be reached to refund; the refund is recorded and can be retried.", ex);
        }
    }

    /// <summary>
    /// The session for an attempt, built only from what the database says the order costs. The
    /// parameters depend on nothing but the order and the attempt, because Stripe rejects an
    /// idempotency key reused with different parameters.
    /// </summary>
    public static SessionCreateOptions SessionOptionsFor(Order order, Payment payment, PaymentReturnUrls urls)
    {
        var currency = order.Currency.ToLowerInvariant();
        var items = order.Lines.OrderBy(l => l.Id).ThenBy(l => l.ProductId)
            .Select(l => LineItem(currency, l.ProductName, l.UnitPriceAmount, l.Quantity, LineDescription(l)))
            .ToList();
        if (order.ShippingAmount > 0)
        {
            items.Add(LineItem(currency, "Shipping", order.ShippingAmount, 1, null));
        }
        var itemized = items.Sum(i => i.PriceData.UnitAmount!.Value * i.Quantity!.Value);
        if (itemized != order.TotalAmount)
        {
            // Stripe line items cannot be negative, so a discount cannot be itemized without a coupon.
            // One line for the whole order keeps the charge exactly equal to the order total.
            items = [LineItem(currency, $"Order {order.Number}", order.TotalAmount, 1,
                string.Join(", ", order.Lines.Select(l => $"{l.Quantity} × {l.ProductName}")) + " (discount applied)")];
        }

        var metadata = new Dictionary<string, string>
        {
            ["order_number"] = order.Number,
            ["order_id"] = order.Id.ToString(CultureInfo.InvariantCulture),
            ["attempt_key"] = payment.AttemptKey,
        };
        return new SessionCreateOptions
        {
            Mode = "payment",
            LineItems = items,
            CustomerEmail = order.Email,
            ClientReferenceId = order.Number,
            Metadata = metadata,
            PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = new Dictionary<string, string>(metadata) },
            ExpiresAt = ExpiresAtFor(order, payment),
            SuccessUrl = urls.Success,
            CancelUrl = urls.Cancel,
        };
    }

    /// <summary>
    /// The session ends with the order's hold, within Stripe's 30 min..24 h window counted from the
    /// attempt's creation (fixed, unlike "now", so a repeated call sends the same value).
    /// </summary>
    public static DateTime ExpiresAtFor(Order order, Payment payment)
    {
        var created = DateTime.SpecifyKind(payment.CreatedAt, DateTimeKind.Utc);
        var earliest = created + MinimumSessionLifetime + Margin;
        var latest = created + MaximumSessionLifetime - Margin;
        var wanted = order.HoldExpiresAt is { } hold ? DateTime.SpecifyKind(hold, DateTimeKind.Utc) : latest;
        var expires = wanted < earliest ? earliest : wanted > latest ? latest : wanted;
        return DateTimeOffset.FromUnixTimeSeconds(new DateTimeOffset(expires).ToUnixTimeSeconds()).UtcDateTime;
    }

    private static SessionLineItemOptions LineItem(string currency, string name, long unitAmount, long quantity, string? description) => new()
    {
        Quantity = quantity,
        PriceData = new SessionLineItemPriceDataOptions
        {
            Currency = currency,
            UnitAmount = unitAmount,
            ProductData = new SessionLineItemPriceDataProductDataOptions { Name = name, Description = description },
        },
    };

    private static string? LineDescription(OrderLine line) => line.BackorderedQuantity switch
    {
        _ when line.ReleaseDate is { } release => AvailabilityText.PreOrder(release) + ": charged now",
        0 => null,
        var n when n == line.Quantity => "Backordered: charged now, ships when it arrives",
        var n => $"{AvailabilityText.InStock(line.Quantity - n)}, {n} backordered (charged now, ships when it arrives)",
    };

    /// <summary>Card declines and requests Stripe will never accept: retrying with the same key cannot help.</summary>
    private static bool IsRefusal(StripeException ex) =>
        ex.HttpStatusCode == HttpStatusCode.PaymentRequired
        || ex.StripeError?.Type is "card_error" or "invalid_request_error";

    private static bool IsTransient(Exception ex, CancellationToken ct) => ex switch
    {
        StripeException => true,
        HttpRequestException => true,
        // HttpClient's own timeout, not the caller giving up.
        TaskCanceledException when !ct.IsCancellationRequested => true,
        _ => false,
    };

    private static string ShopperMessage(StripeException ex) => ex.StripeError?.Type == "card_error"
        ? (ex.StripeError.Message is { Length: > 0 } m ? m : "Your card was declined.") + " Nothing has been charged."
        : "We couldn't start the payment for this order. Nothing has been charged; please place the order again.";
}
