namespace Storefront.Core.Orders.Delays;

/// <summary>Where a backorder line stands on delays: the part of the line the consent rule reads and writes.</summary>
public sealed record ConsentSnapshot(
    ConsentState Consent,
    DateOnly PromisedEta,
    DateOnly? AcceptedEta,
    int Delays,
    bool Undated,
    DateTime? Deadline,
    DateTime? AskedAt)
{
    /// <summary>The date a delay is measured against (see <see cref="BackorderLine.Promise"/>).</summary>
    public DateOnly Promise => AcceptedEta ?? PromisedEta;

    public static ConsentSnapshot Of(BackorderLine l) =>
        new(l.Consent, l.PromisedEta, l.AcceptedEta, l.Delays, l.Undated, l.ConsentDeadline, l.ConsentAskedAt);

    public void WriteTo(BackorderLine l)
    {
        (l.Consent, l.AcceptedEta, l.Delays, l.Undated, l.ConsentDeadline, l.ConsentAskedAt) =
            (Consent, AcceptedEta, Delays, Undated, Deadline, AskedAt);
    }
}

/// <summary>What the consent rule decided for one line: its new state and the event to record, if any.</summary>
public sealed record ConsentDecision(ConsentSnapshot After, BackorderEventKind? Event, DateOnly? Eta)
{
    /// <summary>A line already waiting for an answer moved later still: the deadline stands, the question is asked again.</summary>
    public bool StillAsking { get; init; }

    /// <summary>The customer must hear about it: a delay to tell or an answer to ask for.</summary>
    public bool Notify => StillAsking || Event is BackorderEventKind.DelayAccepted or BackorderEventKind.ConsentAsked;
}

/// <summary>
/// The one consent rule (ADR 0021). A line slips when its new date is later than the date the
/// customer last accepted, or when it loses its date altogether. The first slip of at most
/// <see cref="BackorderOptions.SilentConsentDays"/> is accepted by silence; a longer one, a second one,
/// or no date at all needs the customer's express "keep my order" by a deadline:
/// <see cref="BackorderOptions.ConsentWindow"/> from now, never past the date accepted before (the
/// FTC rule's "before the promised date"), but never less than
/// <see cref="BackorderOptions.MinimumConsentWindow"/>. A date that comes back to the accepted one
/// needs no answer any more.
/// </summary>
public static class DelayRule
{
    /// <summary>Accepted while the line had no date: any date that comes is fine (the customer agreed to wait).</summary>
    public static readonly DateOnly AnyDate = DateOnly.MaxValue;

    /// <param name="newEta">The line's date after the change; null when nothing covers it any more.</param>
    public static ConsentDecision Decide(ConsentSnapshot line, DateOnly? newEta, DateTime now, BackorderOptions options)
    {
        if (line.Consent is ConsentState.Refused or ConsentState.Expired)
        {
            return new(line, null, null);
        }
        if (newEta is not { } eta)
        {
            if (line.Undated)
            {
                return new(line, null, null);
            }
            var undated = line with { Undated = true };
            // Waiting without a date was already accepted (or is already being asked about).
            return line.AcceptedEta == AnyDate || line.Consent == ConsentState.Required
                ? new(undated, null, null)
                : Ask(undated, null, now, options);
        }
        var dated = line with { Undated = false };
        if (line.AcceptedEta == AnyDate)
        {
            // The customer agreed to wait with no date; the first date to come is the one they now hold.
            return new(dated with { AcceptedEta = eta }, null, null);
        }
        if (eta <= line.Promise)
        {
            return line.Consent == ConsentState.Required
                ? new(dated with
                {
                    Consent = line.AcceptedEta is null ? ConsentState.NotNeeded : ConsentState.Implied,
                    Deadline = null,
                    AskedAt = null,
                }, BackorderEventKind.ConsentNoLongerNeeded, eta)
                : new(dated, null, null);
        }
        if (line.Consent == ConsentState.Required)
        {
            // Still waiting for an answer: the deadline stays, the customer hears the new date.
            return new(dated, null, eta) { StillAsking = true };
        }
        var daysLate = eta.DayNumber - line.Promise.DayNumber;
        if (line.Delays == 0 && daysLate <= options.SilentConsentDays)
        {
            return new(dated with { Consent = ConsentState.Implied, AcceptedEta = eta, Delays = 1 }, BackorderEventKind.DelayAccepted, eta);
        }
        return Ask(dated, eta, now, options);
    }

    /// <summary>The answer deadline for a delay asked about at <paramref name="now"/> of a line that held <paramref name="promise"/>.</summary>
    public static DateTime DeadlineFor(DateOnly promise, DateTime now, BackorderOptions options)
    {
        var window = now + options.ConsentWindow;
        // The end of the accepted date, in UTC: the customer may answer until then.
        var byPromise = promise >= DateOnly.FromDateTime(DateTime.MaxValue.AddDays(-1)) ? window : promise.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var deadline = window < byPromise ? window : byPromise;
        var floor = now + options.MinimumConsentWindow;
        return deadline < floor ? floor : deadline;
    }

    private static ConsentDecision Ask(ConsentSnapshot line, DateOnly? eta, DateTime now, BackorderOptions options) =>
        new(line with
        {
            Consent = ConsentState.Required,
            Delays = line.Delays + 1,
            Deadline = DeadlineFor(line.Promise, now, options),
            AskedAt = now,
        }, BackorderEventKind.ConsentAsked, eta);

    /// <summary>When the reminder for a request asked at <paramref name="askedAt"/> is due: halfway to the deadline.</summary>
    public static DateTime ReminderDue(DateTime askedAt, DateTime deadline) => askedAt + (deadline - askedAt) / 2;
}
