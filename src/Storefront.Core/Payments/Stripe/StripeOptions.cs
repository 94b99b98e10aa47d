namespace Storefront.Core.Payments.Stripe;

/// <summary>Stripe settings, bound from the "Stripe" configuration section (keys belong in user secrets or the environment).</summary>
public sealed class StripeOptions
{
    public const string Section = "Stripe";

    /// <summary>The secret API key (sk_live_… / sk_test_…).</summary>
    public string? SecretKey { get; set; }

    /// <summary>The webhook endpoint's signing secret (whsec_…).</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Overrides https://api.stripe.com, e.g. to point at a local fake in tests.</summary>
    public string? ApiBase { get; set; }

    /// <summary>
    /// How often Stripe.net itself retries a request that failed on the network, with a 409 or a 5xx.
    /// Every retry carries the same idempotency key, so it can never charge or refund twice.
    /// </summary>
    public int MaxNetworkRetries { get; set; } = 2;

    /// <summary>Both keys are needed: without the webhook secret no payment could ever be confirmed.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(SecretKey) && !string.IsNullOrWhiteSpace(WebhookSecret);
}
