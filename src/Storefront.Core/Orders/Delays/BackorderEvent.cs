namespace Storefront.Core.Orders;

/// <summary>Where a backorder line stands on a delay: the values the inventory API reports.</summary>
public enum ConsentState
{
    /// <summary>No delay past the promised date.</summary>
    NotNeeded = 0,

    /// <summary>A first, short delay: silence is consent; the customer may still cancel before it ships.</summary>
    Implied = 1,

    /// <summary>The customer must say "keep my order" by <see cref="BackorderLine.ConsentDeadline"/>, or the line is cancelled and refunded.</summary>
    Required = 2,

    /// <summary>The customer said "keep my order".</summary>
    Given = 3,

    /// <summary>The customer cancelled for a full refund when asked.</summary>
    Refused = 4,

    /// <summary>No answer by the deadline: cancelled and refunded by the store.</summary>
    Expired = 5,
}

public enum BackorderEventKind
{
    /// <summary>A delay the customer was told about and that silence accepts.</summary>
    DelayAccepted = 1,

    /// <summary>A delay the customer was asked to accept by a deadline.</summary>
    ConsentAsked = 2,

    /// <summary>The deadline is half gone: the customer was reminded.</summary>
    ConsentReminded = 3,
    ConsentGiven = 4,
    ConsentRefused = 5,

    /// <summary>No answer by the deadline: the store cancelled and refunded the units.</summary>
    ConsentExpired = 6,

    /// <summary>The date came back to what the customer had accepted: no answer needed any more.</summary>
    ConsentNoLongerNeeded = 7,
    Pinned = 10,
    Unpinned = 11,
    Held = 12,
    Released = 13,
}

/// <summary>How an answer or an action came in.</summary>
public enum BackorderEventVia
{
    Store = 0,
    EmailLink = 1,
    OrderPage = 2,
    Staff = 3,
}

/// <summary>
/// What happened to a backorder line besides its ETA moving: delay notices, the customer's answers,
/// the store's automatic cancellation, staff pins and holds. Customers see the kind, date and how;
/// <see cref="Actor"/> and <see cref="Detail"/> are for staff only.
/// </summary>
public class BackorderEvent
{
    public const int MaxDetailLength = 500;
    public const int MaxActorLength = 256;

    public long Id { get; set; }
    public int BackorderLineId { get; set; }
    public DateTime At { get; set; }
    public BackorderEventKind Kind { get; set; }
    public BackorderEventVia Via { get; set; }

    /// <summary>The ETA the event is about (the new date of a delay), if any.</summary>
    public DateOnly? Eta { get; set; }

    /// <summary>The answer deadline set by a consent request.</summary>
    public DateTime? Deadline { get; set; }

    public required string Actor { get; set; }

    /// <summary>Staff only: the reason given for a pin or hold, or other detail.</summary>
    public string Detail { get; set; } = "";

    public static string Fit(string text, int max) => text.Length <= max ? text : text[..max];
}

/// <summary>The one home of what customers read about a line's delay history.</summary>
public static class BackorderEventWords
{
    /// <summary>Null for events customers do not see (staff pins and holds).</summary>
    public static string? ForCustomer(BackorderEvent e) => e.Kind switch
    {
        BackorderEventKind.DelayAccepted => "We told you about a delay; no answer was needed" + Via(e),
        BackorderEventKind.ConsentAsked => $"We asked whether you want to keep this backorder{(e.Deadline is { } d ? " (answer by " + Common.DateText.ForPeople(DateOnly.FromDateTime(d)) + ")" : "")}",
        BackorderEventKind.ConsentReminded => "We reminded you to tell us whether to keep this backorder",
        BackorderEventKind.ConsentGiven => "You chose to keep your order" + Via(e),
        BackorderEventKind.ConsentRefused => "You cancelled for a full refund" + Via(e),
        BackorderEventKind.ConsentExpired => "We didn't hear from you in time, so we cancelled it and refunded you in full",
        BackorderEventKind.ConsentNoLongerNeeded => "The date is back to one you had accepted: no answer needed",
        _ => null,
    };

    private static string Via(BackorderEvent e) => e.Via switch
    {
        BackorderEventVia.EmailLink => " (from the email)",
        BackorderEventVia.OrderPage => " (on the order page)",
        BackorderEventVia.Staff => " (with our staff)",
        _ => "",
    };
}
