using Storefront.Core.Orders;

namespace Storefront.Core.Payments;

/// <summary>
/// The built-in gateway used when Stripe is not configured: the shopper pays on the store's own
/// payment page with a Stripe test card number; refunds are recorded as the provider would.
/// </summary>
public sealed class TestPaymentGateway : IPaymentGateway
{
    public const string ProviderName = "Test";

    public string Name => ProviderName;

    public Task<PaymentSession> BeginAsync(Order order, Payment payment, PaymentReturnUrls urls, CancellationToken ct = default) =>
        Task.FromResult(new PaymentSession($"/Checkout/Pay/{Uri.EscapeDataString(payment.AttemptKey)}", "test_" + payment.AttemptKey));

    public Task<RefundOutcome> RefundAsync(Payment payment, long amount, string idempotencyKey, CancellationToken ct = default) =>
        Task.FromResult(new RefundOutcome(true, "test_re_" + idempotencyKey, null));
}
