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

    /// <summary>The account pages' other emails (confirming a changed address).</summary>
    public const string AccountEmail = "AccountEmail";

    /// <summary>"Find my order": the order's signed link, sent again to the address it was placed with.</summary>
    public const string OrderLink = "OrderLink";

    /// <summary>The kinds other capabilities send (cancellations, apologies).</summary>
    public const string BackorderCancelled = "BackorderCancelled";
    public const string EtaApology = "EtaApology";

    /// <summary>What staff read for a kind in the Outbox: the message's purpose in words, never its code name.</summary>
    public static string Describe(string kind) => kind switch
    {
        OrderConfirmed => "Order confirmation",
        EtaChanged => "New delivery date",
        BackorderFilled => "Backorder arrived",
        Shipped => "Shipped",
        StillOnItsWay => "Still on its way",
        AccountNew => "New account: choose a password",
        AccountExists => "Account already exists",
        PasswordReset => "Password reset",
        AccountEmail => "Account email",
        OrderLink => "Order link (find my order)",
        BackorderCancelled => "Backorder cancelled",
        EtaApology => "Apology for a later date",
        BackInStockMessages.ConfirmKind => "Back-in-stock: confirm address",
        BackInStockMessages.AlertKind => "Back in stock",
        _ => Words(kind),
    };

    /// <summary>A kind this list doesn't know yet, made readable: "SomeNewKind" → "Some new kind".</summary>
    private static string Words(string kind)
    {
        var words = new System.Text.StringBuilder(kind.Length + 8);
        foreach (var c in kind.Replace('-', ' ').Replace('_', ' '))
        {
            if (char.IsUpper(c) && words.Length > 0 && words[^1] != ' ')
            {
                words.Append(' ');
            }
            words.Append(words.Length == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
        }
        return words.ToString();
    }
}
