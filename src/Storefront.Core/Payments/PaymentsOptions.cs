namespace Storefront.Core.Payments;

/// <summary>Payment settings beyond Stripe's keys, bound from the "Payments" configuration section.</summary>
public sealed class PaymentsOptions
{
    public const string Section = "Payments";

    /// <summary>
    /// Take payments through the built-in test gateway (test card numbers, no real money) when Stripe
    /// is not configured. Unset means on in Development only: a store elsewhere never takes "payments"
    /// that are not real unless the merchant asks for it in so many words.
    /// </summary>
    public bool? TestMode { get; set; }

    /// <summary>How often refunds the provider has not confirmed are looked for.</summary>
    public TimeSpan RefundRetryInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The wait before the first retry of a refund; it doubles after every failed attempt (at most a day).</summary>
    public TimeSpan RefundRetryBase { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>After this many failed attempts a refund is marked Failed and left to staff.</summary>
    public int RefundMaxAttempts { get; set; } = 10;
}
