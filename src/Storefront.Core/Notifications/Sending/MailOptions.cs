namespace Storefront.Core.Notifications;

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>SMTP settings ("Smtp" section). With no host, messages are written as .eml files to a folder.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public string? Username { get; set; }
    public string? Password { get; set; }
    public SmtpSecurity Security { get; set; } = SmtpSecurity.None;
    public string From { get; set; } = "Storefront <orders@storefront.test>";

    /// <summary>Where .eml files go when no SMTP host is set (relative to the app's content root).</summary>
    public string PickupFolder { get; set; } = "App_Data/mail";
}

public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
    public int BatchSize { get; set; } = 20;
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First retry delay; doubled each attempt.</summary>
    public TimeSpan RetryBase { get; set; } = TimeSpan.FromSeconds(30);
}
