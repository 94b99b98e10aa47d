namespace Storefront.Core.Incentives;

public enum IncentiveReason
{
    /// <summary>Thanks for waiting: issued when an order with backordered units is paid.</summary>
    NextPurchase = 0,
    /// <summary>Sorry: issued when a backorder line's ETA slipped past its promised date by more than N days.</summary>
    Apology = 1,
}

/// <summary>A single-use, expiring discount code issued to one customer's email.</summary>
public class IncentiveCode
{
    public int Id { get; set; }

    /// <summary>Unguessable: 16 random symbols (~79 bits) from a 31-letter alphabet, stored without dashes, shown as XXXX-XXXX-XXXX-XXXX.</summary>
    public required string Code { get; set; }

    /// <summary>Lower-cased; only an order placed with this email can redeem the code.</summary>
    public required string Email { get; set; }

    public IncentiveReason Reason { get; set; }
    public DiscountKind Kind { get; set; }
    public long Value { get; set; }
    public string Currency { get; set; } = "USD";

    public DateTime IssuedAt { get; set; }
    public DateTime ExpiresAt { get; set; }

    /// <summary>The order that earned the code (for apologies, the order of the slipped line).</summary>
    public int? SourceOrderId { get; set; }
    public int? SourceBackorderLineId { get; set; }

    /// <summary>"next:{orderId}" or "apology:{backorderLineId}": unique, so a code is never issued twice for the same reason.</summary>
    public required string IssueKey { get; set; }

    /// <summary>The order that used the code; cleared again if that order's payment fails or its hold expires.</summary>
    public int? RedeemedByOrderId { get; set; }
    public DateTime? RedeemedAt { get; set; }
}
