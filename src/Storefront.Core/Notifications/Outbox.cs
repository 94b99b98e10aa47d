using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;

namespace Storefront.Core.Notifications;

/// <summary>A rendered message: subject, HTML and plain text.</summary>
public sealed record MailContent(string Subject, string Html, string Text);

/// <summary>Adds messages to the outbox; the caller's SaveChanges (inside its transaction) makes them real.</summary>
public sealed class Outbox(StorefrontDbContext db, TimeProvider clock)
{
    public OutboxMessage Enqueue(string kind, string recipient, MailContent content, int? orderId = null, string? dedupKey = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var message = new OutboxMessage
        {
            Kind = kind,
            Recipient = recipient,
            Subject = content.Subject,
            HtmlBody = content.Html,
            TextBody = content.Text,
            OrderId = orderId,
            DedupKey = dedupKey,
            Status = OutboxStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };
        db.OutboxMessages.Add(message);
        return message;
    }

    /// <summary>Staff's retry of a failed message: back to pending, attempts reset.</summary>
    public Task<int> RetryAsync(long id, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.OutboxMessages.Where(m => m.Id == id && m.Status == OutboxStatus.Failed)
            .ExecuteUpdateAsync(u => u
                .SetProperty(m => m.Status, OutboxStatus.Pending)
                .SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAt, now)
                .SetProperty(m => m.LeaseOwner, (string?)null)
                .SetProperty(m => m.LeaseUntil, (DateTime?)null), ct);
    }
}
