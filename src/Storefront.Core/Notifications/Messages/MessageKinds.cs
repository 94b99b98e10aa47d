namespace Storefront.Core.Notifications;

/// <summary>The <see cref="OutboxMessage.Kind"/> of each customer message (at most 50 characters).</summary>
public static class MessageKinds
{
    public const string OrderConfirmed = "OrderConfirmed";
    public const string EtaChanged = "EtaChanged";
    public const string BackorderFilled = "BackorderFilled";
    public const string Shipped = "Shipped";

    /// <summary>Halfway to a delay's answer deadline: "please tell us whether to keep it".</summary>
    public const string DelayReminder = "DelayReminder";

    /// <summary>Also the record of when an order last had one: the reminders job reads the outbox, not a column.</summary>
    public const string StillOnItsWay = "StillOnItsWay";

    /// <summary>Account emails: finish a new account, "you already have one", reset a password.</summary>
    public const string AccountNew = "AccountNew";
    public const string AccountExists = "AccountExists";
    public const string PasswordReset = "PasswordReset";
}
