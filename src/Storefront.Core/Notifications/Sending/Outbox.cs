using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Storefront.Core.Data;

namespace Storefront.Core.Notifications;

/// <summary>A rendered message: subject, HTML and plain text.</summary>
public sealed record MailContent(string Subject, string Html, string Text);

/// <summary>Adds messages to the outbox; the caller's SaveChanges (inside its transaction) makes them real.</summary>
public sealed class Outbox(StorefrontDbContext db, TimeProvider clock)
{
    public OutboxMessage Enqueue(string kind, string recipient, MailContent content, int? orderId = null, string? dedupKey = null)
    {
        var message = Create(kind, recipient, content, orderId, dedupKey);
        db.OutboxMessages.Add(message);
        return message;
    }

    /// <summary>A pending message, due now, not yet added anywhere (see <see cref="InsertAsync"/>).</summary>
    public OutboxMessage Create(string kind, string recipient, MailContent content, int? orderId = null, string? dedupKey = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new OutboxMessage
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
    }

    /// <summary>
    /// Writes many messages at once, now, inside the caller's transaction: multi-row INSERTs instead of
    /// one tracked entity and one statement per row, so a receipt that fills 10,000 backorders stays
    /// fast. Column names, quoting and value conversions come from the EF model, so it works on every
    /// provider; ids are not read back.
    /// </summary>
    public async Task InsertAsync(IReadOnlyCollection<OutboxMessage> messages, CancellationToken ct = default)
    {
        if (messages.Count == 0)
        {
            return;
        }
        var entity = db.Model.FindEntityType(typeof(OutboxMessage))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = InsertedColumns
            .Select(c => (Property: entity.FindProperty(c.Name)!, c.Value))
            .Select(c => (c.Property, c.Value, Mapping: (RelationalTypeMapping)c.Property.GetRelationalTypeMapping()))
            .ToArray();
        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Property.GetColumnName(table)!)))}) VALUES ";
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            DbCommand? command = null;
            try
            {
                foreach (var chunk in messages.Chunk(RowsPerStatement))
                {
                    // One prepared statement serves every full chunk; only the last, shorter one needs another.
                    if (command is null || command.Parameters.Count != chunk.Length * columns.Length)
                    {
                        if (command is not null)
                        {
                            await command.DisposeAsync();
                        }
                        command = connection.CreateCommand();
                        command.Transaction = transaction;
                        var text = new StringBuilder(head);
                        for (var row = 0; row < chunk.Length; row++)
                        {
                            text.Append(row == 0 ? "(" : ", (");
                            for (var col = 0; col < columns.Length; col++)
                            {
                                var name = $"p{command.Parameters.Count}";
                                command.Parameters.Add(columns[col].Mapping.CreateParameter(command, name, null, columns[col].Property.IsNullable));
                                text.Append(col == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder(name));
                            }
                            text.Append(')');
                        }
                        command.CommandText = text.ToString();
                    }
                    var i = 0;
                    foreach (var message in chunk)
                    {
                        foreach (var (_, value, mapping) in columns)
                        {
                            var v = value(message);
                            command.Parameters[i++].Value = v is null ? DBNull.Value : mapping.Converter?.ConvertToProvider(v) ?? v;
                        }
                    }
                    await command.ExecuteNonQueryAsync(ct);
                }
            }
            finally
            {
                if (command is not null)
                {
                    await command.DisposeAsync();
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Rows per INSERT. SQLite runs in-process, so one prepared single-row statement reused is
    /// fastest: it looks up named parameters one by one through the whole list, so a wide
    /// multi-row statement costs quadratic time there. Servers want fewer round trips instead:
    /// 50 rows of 11 columns stay well under SQL Server's 2,100 parameters per statement.
    /// </summary>
    private int RowsPerStatement =>
        db.Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite" ? 1 : 50;

    private static readonly (string Name, Func<OutboxMessage, object?> Value)[] InsertedColumns =
    [
        (nameof(OutboxMessage.Kind), m => m.Kind),
        (nameof(OutboxMessage.Recipient), m => m.Recipient),
        (nameof(OutboxMessage.Subject), m => m.Subject),
        (nameof(OutboxMessage.HtmlBody), m => m.HtmlBody),
        (nameof(OutboxMessage.TextBody), m => m.TextBody),
        (nameof(OutboxMessage.OrderId), m => m.OrderId),
        (nameof(OutboxMessage.DedupKey), m => m.DedupKey),
        (nameof(OutboxMessage.Status), m => m.Status),
        (nameof(OutboxMessage.Attempts), m => m.Attempts),
        (nameof(OutboxMessage.CreatedAt), m => m.CreatedAt),
        (nameof(OutboxMessage.NextAttemptAt), m => m.NextAttemptAt),
    ];

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
