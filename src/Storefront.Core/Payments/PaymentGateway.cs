using Storefront.Core.Orders;

namespace Storefront.Core.Payments;

/// <summary>Where to send the shopper to pay, and where the provider sends them back.</summary>
public sealed record PaymentSession(string RedirectUrl, string? ProviderReference);

public sealed record PaymentReturnUrls(string Success, string Cancel);

public sealed record RefundOutcome(bool Succeeded, string? ProviderReference, string? Error);

/// <summary>
/// The seam between checkout and a payment provider. Implementations are called with no database
/// transaction open and must be idempotent for the keys they are given.
/// </summary>
public interface IPaymentGateway
{
    string Name { get; }

    /// <summary>Starts taking payment for an order attempt; <see cref="Payment.AttemptKey"/> is the idempotency key.</summary>
    Task<PaymentSession> BeginAsync(Order order, Payment payment, PaymentReturnUrls urls, CancellationToken ct = default);

    /// <summary>Refunds part or all of a successful payment, once per idempotency key.</summary>
    Task<RefundOutcome> RefundAsync(Payment payment, long amount, string idempotencyKey, CancellationToken ct = default);
}
