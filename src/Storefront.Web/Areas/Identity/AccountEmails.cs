using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Storefront.Core.Data;
using Storefront.Core.Identity;
using Storefront.Core.Notifications;

namespace Storefront.Web.Areas.Identity;

/// <summary>
/// The emails behind "create an account" and "forgot password". Both forms give the same answer
/// whether or not the address has an account; what differs is only what the owner of the mailbox
/// reads (ADR 0016). Links are on Store:BaseUrl, never on the request's Host header. Sent through
/// the outbox like every customer email.
/// </summary>
public sealed class AccountEmails(
    UserManager<StorefrontUser> users,
    Outbox outbox,
    StorefrontDbContext db,
    IOptions<Storefront.Core.Common.StoreOptions> store)
{
    /// <summary>
    /// Starts a new account for this address (with no password: nobody can sign in to it until the
    /// owner of the mailbox chooses one from the emailed link), or tells an existing owner they have one.
    /// </summary>
    public async Task RequestAccountAsync(string email, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            var created = new StorefrontUser { UserName = email, Email = email };
            if ((await users.CreateAsync(created)).Succeeded)
            {
                await NewAccountAsync(created, ct);
                return;
            }
            // Another request created it a moment ago.
            user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                return;
            }
        }
        await ExistingAccountAsync(user, ct);
    }

    /// <summary>Emails a reset link when the address has an account; does nothing (and says nothing) otherwise.</summary>
    public async Task RequestPasswordResetAsync(string email, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(email);
        if (user?.Email is null)
        {
            return;
        }
        var url = await ResetLinkAsync(user);
        var content = Layout()
            .Heading("Choose a new password")
            .Paragraph($"Someone (hopefully you) asked to reset the password of your {store.Value.Name} account.")
            .Link("Choose a new password", url)
            .Paragraph("If it wasn't you, ignore this email: your password stays as it is.")
            .Build($"Reset your {store.Value.Name} password");
        await SendAsync(MessageKinds.PasswordReset, user.Email, content, ct);
    }

    private async Task NewAccountAsync(StorefrontUser user, CancellationToken ct)
    {
        var url = await ResetLinkAsync(user);
        var content = Layout()
            .Heading("Finish creating your account")
            .Paragraph($"Someone (hopefully you) asked to create a {store.Value.Name} account with this email address. Choose a password to finish:")
            .Link("Choose your password", url)
            .Paragraph("If it wasn't you, ignore this email: nobody can use the account without that password.")
            .Build($"Finish creating your {store.Value.Name} account");
        await SendAsync(MessageKinds.AccountNew, user.Email!, content, ct);
    }

    private async Task ExistingAccountAsync(StorefrontUser user, CancellationToken ct)
    {
        if (user.Email is null)
        {
            return;
        }
        var url = await ResetLinkAsync(user);
        var content = Layout()
            .Heading("You already have an account")
            .Paragraph($"Someone (hopefully you) asked to create a {store.Value.Name} account with this email address, but it already has one.")
            .Link("Sign in", store.Value.Link("/Identity/Account/Login"))
            .Link("Forgot your password? Choose a new one", url)
            .Paragraph("If it wasn't you, ignore this email: nothing has changed.")
            .Build($"Your {store.Value.Name} account");
        await SendAsync(MessageKinds.AccountExists, user.Email, content, ct);
    }

    /// <summary>Identity UI's reset page takes the token Base64Url-encoded in "code".</summary>
    private async Task<string> ResetLinkAsync(StorefrontUser user)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        return store.Value.Link($"/Identity/Account/ResetPassword?code={Uri.EscapeDataString(code)}");
    }

    private MailLayout Layout() => new(store.Value);

    private async Task SendAsync(string kind, string recipient, MailContent content, CancellationToken ct)
    {
        outbox.Enqueue(kind, recipient, content);
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>
/// A password check for an email with no account costs what a real one costs (the same hasher, a
/// stored decoy hash), so the time a sign-in takes doesn't tell which emails have accounts.
/// </summary>
public sealed class DecoyPassword
{
    private string? _hash;

    public void Check(IPasswordHasher<StorefrontUser> hasher, string password)
    {
        var decoy = new StorefrontUser();
        var hash = _hash ??= hasher.HashPassword(decoy, Guid.NewGuid().ToString("N"));
        hasher.VerifyHashedPassword(decoy, hash, password);
    }
}

/// <summary>
/// The emails Identity UI's own account pages send (confirming a changed address, resending a
/// confirmation) go through the outbox like every other message, instead of the template's sender
/// that sends nothing. Their links are on the served host, which outside Development is only
/// Store:BaseUrl's (ADR 0016).
/// </summary>
public sealed partial class OutboxEmailSender(Outbox outbox, StorefrontDbContext db) : Microsoft.AspNetCore.Identity.UI.Services.IEmailSender
{
    public async Task SendEmailAsync(string email, string subject, string htmlMessage)
    {
        var text = System.Net.WebUtility.HtmlDecode(Tags().Replace(Links().Replace(htmlMessage, "$2: $1"), ""));
        outbox.Enqueue(MessageKinds.AccountEmail, email, new MailContent(subject, htmlMessage, text));
        await db.SaveChangesAsync();
    }

    [System.Text.RegularExpressions.GeneratedRegex("<a [^>]*href=['\"]([^'\"]*)['\"][^>]*>(.*?)</a>", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex Links();

    [System.Text.RegularExpressions.GeneratedRegex("<[^>]+>")]
    private static partial System.Text.RegularExpressions.Regex Tags();
}
