namespace Storefront.Core.Payments;

public enum PaymentStatus
{
    Pending = 0,
    Succeeded = 1,
    Failed = 2,
}

/// <summary>One payment attempt for an order, through one provider.</summary>
public class Payment
{
    public int Id { get; set; }
    public int OrderId { get; set; }
    public required string Provider { get; set; }

    /// <summary>Unique per attempt; used as the provider's idempotency key.</summary>
    public required string AttemptKey { get; set; }

    /// <summary>The provider's id: a Stripe Checkout Session or a test-gateway charge.</summary>
    public string? ProviderReference { get; set; }
    public string? PaymentIntentId { get; set; }

    public long Amount { get; set; }
    public string Currency { get; set; } = "USD";
    public long RefundedAmount { get; set; }
    public PaymentStatus Status { get; set; }
    public string? FailureMessage { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
}

public enum RefundStatus
{
    /// <summary>Recorded and owed to the customer; the provider has not confirmed it yet (it is retried).</summary>
    Pending = 0,
    /// <summary>The provider confirmed the refund.</summary>
    Refunded = 1,
    /// <summary>The provider refused it, or it kept failing: staff must look at it (Admin → Refunds).</summary>
    Failed = 2,
}

/// <summary>
/// Money owed back to a customer. Written before the provider is called and Pending until the
/// provider confirms it; the refund job retries it, with backoff, under the same idempotency key.
/// </summary>
public class Refund
{
    public int Id { get; set; }
    public int PaymentId { get; set; }
    public int OrderId { get; set; }
    public long Amount { get; set; }
    public string Currency { get; set; } = "USD";
    public required string Reason { get; set; }

    /// <summary>One key per cancellation, so a retried refund is never paid twice.</summary>
    public required string IdempotencyKey { get; set; }
    public string? ProviderReference { get; set; }
    public RefundStatus Status { get; set; }

    /// <summary>Calls made to the provider so far.</summary>
    public int Attempts { get; set; }

    /// <summary>When the refund job next tries a Pending refund; null once it is settled.</summary>
    public DateTime? NextAttemptAt { get; set; }

    /// <summary>What the provider last said when it did not confirm (staff-facing).</summary>
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
}

/// <summary>Provider webhook events already handled; the unique id makes redelivery harmless.</summary>
public class ProcessedWebhookEvent
{
    public required string Id { get; set; }
    public required string Type { get; set; }
    public DateTime ReceivedAt { get; set; }
}
