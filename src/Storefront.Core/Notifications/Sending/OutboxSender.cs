using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Storefront.Core.Common;
using Storefront.Core.Data;

namespace Storefront.Core.Notifications;

/// <summary>
/// Sends what the outbox holds. A batch is claimed with one conditional UPDATE that sets a lease, so
/// two instances never take the same row; a crashed instance's lease simply runs out. Transient
/// failures retry with doubling delays; permanent ones and exhausted rows are marked failed.
/// </summary>
public sealed class OutboxSender(
    StorefrontDbContext db,
    IMailTransport transport,
    TimeProvider clock,
    IOptions<OutboxOptions> outboxOptions,
    IOptions<SmtpOptions> smtpOptions,
    IOptions<StoreOptions> storeOptions,
    ILogger<OutboxSender> logger)
{
    private readonly OutboxOptions _options = outboxOptions.Value;

    /// <summary>Claims and sends one batch; returns how many messages were sent.</summary>
    public async Task<int> SendBatchAsync(string instance, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claim = $"{instance}:{Guid.NewGuid():N}";
        var candidates = await db.OutboxMessages
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.LeaseUntil == null || m.LeaseUntil < now))
            .OrderBy(m => m.Id).Select(m => m.Id).Take(_options.BatchSize).ToListAsync(ct);
        if (candidates.Count == 0)
        {
            return 0;
        }
        var leaseUntil = now + _options.Lease;
        await db.OutboxMessages
            .Where(m => candidates.Contains(m.Id) && m.Status == OutboxStatus.Pending && (m.LeaseUntil == null || m.LeaseUntil < now))
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.LeaseOwner, claim).SetProperty(m => m.LeaseUntil, leaseUntil), ct);
        var claimed = await db.OutboxMessages.AsNoTracking().Where(m => m.LeaseOwner == claim).OrderBy(m => m.Id).ToListAsync(ct);

        var sent = 0;
        foreach (var message in claimed)
        {
            if (await SendOneAsync(message, claim, ct))
            {
                sent++;
            }
        }
        return sent;
    }

    private async Task<bool> SendOneAsync(OutboxMessage message, string claim, CancellationToken ct)
    {
        try
        {
            await transport.SendAsync(ToMime(message), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var attempts = message.Attempts + 1;
            var permanent = ex is PermanentMailException || attempts >= _options.MaxAttempts;
            var retryAt = clock.GetUtcNow().UtcDateTime + _options.RetryBase * Math.Pow(2, Math.Min(attempts - 1, 10));
            logger.LogWarning(ex, "Sending message {Id} ({Kind}) failed on attempt {Attempt}{Final}", message.Id, message.Kind, attempts, permanent ? "; giving up" : "");
            await db.OutboxMessages.Where(m => m.Id == message.Id && m.LeaseOwner == claim)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(m => m.Attempts, attempts)
                    .SetProperty(m => m.Status, permanent ? OutboxStatus.Failed : OutboxStatus.Pending)
                    .SetProperty(m => m.NextAttemptAt, retryAt)
                    .SetProperty(m => m.LastError, Truncate(ex.Message, 400))
                    .SetProperty(m => m.LeaseOwner, (string?)null)
                    .SetProperty(m => m.LeaseUntil, (DateTime?)null), CancellationToken.None);
            return false;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await db.OutboxMessages.Where(m => m.Id == message.Id && m.LeaseOwner == claim)
            .ExecuteUpdateAsync(u => u
                .SetProperty(m => m.Status, OutboxStatus.Sent)
                .SetProperty(m => m.SentAt, now)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                .SetProperty(m => m.LeaseOwner, (string?)null)
                .SetProperty(m => m.LeaseUntil, (DateTime?)null), CancellationToken.None);
        return true;
    }

    public MimeMessage ToMime(OutboxMessage message)
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(smtpOptions.Value.From));
        mime.To.Add(MailboxAddress.Parse(message.Recipient));
        mime.Subject = message.Subject;
        // The same row always carries the same Message-Id, so a resend after a crash is recognisable.
        var host = Uri.TryCreate(storeOptions.Value.BaseUrl, UriKind.Absolute, out var baseUri) ? baseUri.Host : "storefront.local";
        mime.MessageId = $"outbox-{message.Id}@{host}";
        mime.Body = new BodyBuilder { HtmlBody = message.HtmlBody, TextBody = message.TextBody }.ToMessageBody();
        return mime;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
