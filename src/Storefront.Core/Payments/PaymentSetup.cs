using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Storefront.Core.Orders;
using Storefront.Core.Payments.Stripe;

namespace Storefront.Core.Payments;

public enum PaymentMode
{
    Stripe,
    /// <summary>The built-in test gateway: Stripe's test card numbers, no real money.</summary>
    Test,
    /// <summary>Neither Stripe nor test mode: the store cannot take payment, so checkout takes no orders.</summary>
    NotConfigured,
}

/// <summary>
/// How this store takes payment, decided once at start-up from the Stripe keys, Payments:TestMode and
/// the environment. Checkout, the test payment page and the test-mode banner all ask it.
/// </summary>
public sealed record PaymentSetup(PaymentMode Mode, bool NoRealCharges)
{
    public const string BannerText = "Test mode — no real charges";

    public const string NotConfiguredMessage =
        "Payments are not configured for this store yet, so orders can't be placed right now. Nothing has been charged.";

    public bool TakesPayments => Mode != PaymentMode.NotConfigured;

    public static PaymentSetup Decide(StripeOptions stripe, PaymentsOptions payments, IHostEnvironment environment)
    {
        if (stripe.IsConfigured)
        {
            // Stripe's test keys move no money either: say so, as Stripe's own dashboard does.
            var testKey = stripe.SecretKey!.StartsWith("sk_test_", StringComparison.Ordinal)
                || stripe.SecretKey.StartsWith("rk_test_", StringComparison.Ordinal);
            return new PaymentSetup(PaymentMode.Stripe, testKey);
        }
        return payments.TestMode ?? environment.IsDevelopment()
            ? new PaymentSetup(PaymentMode.Test, NoRealCharges: true)
            : new PaymentSetup(PaymentMode.NotConfigured, NoRealCharges: false);
    }

    /// <summary>The start-up log line: a warning whenever the store cannot take real payments.</summary>
    public string Describe() => Mode switch
    {
        PaymentMode.Stripe when NoRealCharges => "Payments through Stripe with a test key: no real charges",
        PaymentMode.Stripe => "Payments through Stripe",
        PaymentMode.Test => "Payments in test mode: the built-in test gateway takes Stripe's test card numbers and no real money",
        _ => "Payments are not configured (no Stripe:SecretKey and Stripe:WebhookSecret, and Payments:TestMode is off): checkout refuses every order",
    };
}

/// <summary>Used when the store has no way to take payment: nothing is ever charged, nothing is marked paid.</summary>
public sealed class UnconfiguredPaymentGateway : IPaymentGateway
{
    public const string ProviderName = "None";

    public string Name => ProviderName;

    // Checkout refuses before an order is placed; this is the backstop should anything get this far.
    public Task<PaymentSession> BeginAsync(Order order, Payment payment, PaymentReturnUrls urls, CancellationToken ct = default) =>
        throw new PaymentUnavailableException(PaymentSetup.NotConfiguredMessage);

    /// <summary>
    /// A test payment moved no money, so its refund needs no provider; a real one owed from before the
    /// keys were removed stays Pending until a provider is configured again.
    /// </summary>
    public Task<RefundOutcome> RefundAsync(Payment payment, long amount, string idempotencyKey, CancellationToken ct = default) =>
        payment.Provider == TestPaymentGateway.ProviderName
            ? new TestPaymentGateway().RefundAsync(payment, amount, idempotencyKey, ct)
            : throw new PaymentUnavailableException("No payment provider is configured to send the refund.");
}

/// <summary>Says at start-up how the store takes payment; a warning when it takes no real payments.</summary>
internal sealed class PaymentSetupLog(PaymentSetup setup, ILogger<PaymentSetupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (setup.Mode == PaymentMode.Stripe && !setup.NoRealCharges)
        {
            logger.LogInformation("{PaymentSetup}", setup.Describe());
        }
        else
        {
            logger.LogWarning("{PaymentSetup}", setup.Describe());
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
