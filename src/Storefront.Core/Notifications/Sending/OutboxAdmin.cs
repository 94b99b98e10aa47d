using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Storefront.Core.Data;

namespace Storefront.Core.Notifications;

public sealed record OutboxCounts(int Pending, int Sent, int Failed);

public sealed record OutboxRow(long Id, string Kind, string Recipient, string Subject, OutboxStatus Status, int Attempts, DateTime CreatedAt, DateTime? SentAt, string? LastError);

public sealed record OutboxPage(IReadOnlyList<OutboxRow> Rows, int Page, int PageSize, int Total)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record PickupFile(string Name, long Size, DateTime WrittenAt);

public sealed record PickupMessage(string Name, string From, string To, string Subject, DateTimeOffset Date, string? MessageId, string? Text, string? Html);

/// <summary>What staff see of the outbox: counts, failures to retry, recent messages, and the .eml pickup folder.</summary>
public sealed partial class OutboxAdmin(StorefrontDbContext db, IMailTransport transport)
{
    public const int MaxPageSize = 100;

    /// <summary>The folder messages are written to when no SMTP host is configured; null when sending over SMTP.</summary>
    public string? PickupFolder => (transport as PickupFolderMailTransport)?.Folder;

    public async Task<OutboxCounts> CountsAsync(CancellationToken ct = default)
    {
        var counts = await db.OutboxMessages.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        int Of(OutboxStatus s) => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0;
        return new OutboxCounts(Of(OutboxStatus.Pending), Of(OutboxStatus.Sent), Of(OutboxStatus.Failed));
    }

    public Task<List<OutboxRow>> FailedAsync(int take = 50, CancellationToken ct = default) =>
        Rows(db.OutboxMessages.Where(m => m.Status == OutboxStatus.Failed).OrderByDescending(m => m.Id).Take(take)).ToListAsync(ct);

    public async Task<OutboxPage> RecentAsync(int page, int pageSize, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var total = await db.OutboxMessages.CountAsync(ct);
        var pageCount = Math.Max(1, (total + pageSize - 1) / pageSize);
        page = Math.Clamp(page, 1, pageCount);
        var rows = await Rows(db.OutboxMessages.OrderByDescending(m => m.Id).Skip((page - 1) * pageSize).Take(pageSize)).ToListAsync(ct);
        return new OutboxPage(rows, page, pageSize, total);
    }

    public Task<OutboxMessage?> FindAsync(long id, CancellationToken ct = default) =>
        db.OutboxMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);

    /// <summary>The newest .eml files in the pickup folder (none when sending over SMTP).</summary>
    public IReadOnlyList<PickupFile> PickupFiles(int take = 100)
    {
        if (PickupFolder is not { } folder || !Directory.Exists(folder))
        {
            return [];
        }
        return new DirectoryInfo(folder).EnumerateFiles("*.eml", SearchOption.TopDirectoryOnly)
            .OrderByDescending(f => f.LastWriteTimeUtc).ThenByDescending(f => f.Name, StringComparer.Ordinal)
            .Take(take)
            .Select(f => new PickupFile(f.Name, f.Length, f.LastWriteTimeUtc))
            .ToList();
    }

    /// <summary>
    /// Reads one .eml file by its bare name. Anything that is not a plain file name in the folder
    /// (separators, "..", other extensions) is refused, so the page cannot be used to read other files.
    /// </summary>
    public async Task<PickupMessage?> ReadPickupAsync(string? name, CancellationToken ct = default)
    {
        if (PickupFolder is not { } folder || !IsSafeFileName(name))
        {
            return null;
        }
        var root = Path.GetFullPath(folder);
        var path = Path.GetFullPath(Path.Combine(root, name!));
        if (!string.Equals(Path.GetDirectoryName(path), root.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal) || !File.Exists(path))
        {
            return null;
        }
        var message = await MimeMessage.LoadAsync(path, ct);
        return new PickupMessage(name!, message.From.ToString(), message.To.ToString(), message.Subject ?? "", message.Date, message.MessageId, message.TextBody, message.HtmlBody);
    }

    public static bool IsSafeFileName(string? name) => name is { Length: > 4 and <= 200 } && SafeName().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal);

    private static IQueryable<OutboxRow> Rows(IQueryable<OutboxMessage> query) =>
        query.Select(m => new OutboxRow(m.Id, m.Kind, m.Recipient, m.Subject, m.Status, m.Attempts, m.CreatedAt, m.SentAt, m.LastError));

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*\.eml$")]
    private static partial Regex SafeName();
}
