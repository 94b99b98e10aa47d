namespace Storefront.Core.Notifications;

public enum OutboxStatus
{
    Pending = 0,
    Sent = 1,
    /// <summary>A permanent SMTP refusal or too many attempts: shown to staff with a retry button.</summary>
    Failed = 2,
}

/// <summary>
/// A customer message, written in the same transaction as the change that causes it and sent later
/// by <see cref="OutboxSender"/>. Rows are claimed with a lease so several app instances can share one outbox.
/// </summary>
public class OutboxMessage
{
    public long Id { get; set; }
    public required string Kind { get; set; }
    public required string Recipient { get; set; }
    public required string Subject { get; set; }
    public required string HtmlBody { get; set; }
    public required string TextBody { get; set; }
    public int? OrderId { get; set; }

    /// <summary>Set for messages that must exist once per cause (e.g. "confirmed:SF-…"): a unique index drops repeats.</summary>
    public string? DedupKey { get; set; }

    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public DateTime? SentAt { get; set; }
    public string? LastError { get; set; }
}
