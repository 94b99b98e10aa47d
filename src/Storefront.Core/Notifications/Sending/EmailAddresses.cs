using MimeKit;

namespace Storefront.Core.Notifications;

/// <summary>Whether a typed address is one the mailer can send to, judged by the parser MailKit sends with.</summary>
public static class EmailAddresses
{
    public const int MaxLength = 256;

    /// <summary>
    /// True when the text is exactly one mailbox: MimeKit parses it, and what it parses is the bare
    /// address that was typed. "a,b@example.com" or "Ann &lt;a@example.com&gt;" are not.
    /// </summary>
    public static bool IsDeliverable(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Length > MaxLength)
        {
            return false;
        }
        var typed = text.Trim();
        return MailboxAddress.TryParse(ParserOptions.Default, typed, out var mailbox)
            && string.Equals(mailbox.Address, typed, StringComparison.Ordinal)
            && mailbox.LocalPart.Length > 0
            && mailbox.Domain.Length > 0
            && !typed.Contains(',', StringComparison.Ordinal);
    }
}
