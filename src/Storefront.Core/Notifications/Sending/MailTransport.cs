using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Storefront.Core.Notifications;

/// <summary>Raised for a refusal that retrying will not fix (an SMTP 5xx).</summary>
public sealed class PermanentMailException(string message, Exception? inner = null) : Exception(message, inner);

public interface IMailTransport
{
    /// <summary>Sends one message; throws <see cref="PermanentMailException"/> for refusals, anything else is transient.</summary>
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>Sends through an SMTP server with MailKit.</summary>
public sealed class SmtpMailTransport(IOptions<SmtpOptions> options) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var o = options.Value;
        using var client = new SmtpClient();
        var security = o.Security switch
        {
            SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.None,
        };
        try
        {
            await client.ConnectAsync(o.Host ?? throw new InvalidOperationException("Smtp:Host is not set."), o.Port, security, ct);
            if (!string.IsNullOrEmpty(o.Username))
            {
                await client.AuthenticateAsync(o.Username, o.Password ?? "", ct);
            }
            await client.SendAsync(message, ct);
            await client.DisconnectAsync(true, ct);
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
        {
            throw new PermanentMailException($"The mail server refused the message: {(int)ex.StatusCode} {ex.Message}", ex);
        }
    }
}

/// <summary>The embedded default: each message becomes an .eml file that staff can open in the Admin area.</summary>
public sealed class PickupFolderMailTransport(string folder) : IMailTransport
{
    public string Folder { get; } = folder;

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        Directory.CreateDirectory(Folder);
        var name = $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{(message.MessageId ?? Guid.NewGuid().ToString("N")).Split('@')[0].Trim('<')}.eml";
        await message.WriteToAsync(Path.Combine(Folder, name), ct);
    }
}
