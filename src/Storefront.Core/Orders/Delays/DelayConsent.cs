using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Storefront.Core.Common;
using Storefront.Core.Data;
using Storefront.Core.Notifications;

namespace Storefront.Core.Orders.Delays;

public enum ConsentAnswerOutcome
{
    NotFound,

    /// <summary>Recorded now.</summary>
    Recorded,

    /// <summary>The same answer was already recorded (a replayed link or a double click): nothing changed.</summary>
    AlreadyRecorded,

    /// <summary>The line has no delay to answer (on time, or already filled): nothing changed.</summary>
    NothingToAnswer,

    /// <summary>The line was already cancelled (by the customer, the deadline or staff): nothing changed.</summary>
    AlreadyCancelled,
}

/// <summary>What answering a delay came to, with the refund when the answer was to cancel.</summary>
public sealed record ConsentAnswer(ConsentAnswerOutcome Outcome, ConsentState Consent, BackorderCancellationResult? Cancellation = null);

/// <summary>
/// The customer's answers to a delay ("keep my order" or "cancel for a full refund", from the
/// email's signed links, the order page or staff), the reminder halfway to the deadline, and the
/// automatic cancellation and refund when the deadline passes unanswered (ADR 0021). Every answer
/// is a conditional UPDATE on the line's consent state, so a replayed link, a double click and two
/// workers on the same deadline each change it at most once; cancellations go through
/// <see cref="BackorderCancellation"/>, which refunds exactly once.
/// </summary>
public sealed class DelayConsent(
    StorefrontDbContext db,
    BackorderCancellation cancellation,
    Outbox outbox,
    CustomerMessages messages,
    TimeProvider clock,
    ILogger<DelayConsent> logger)
{
    private const int Batch = 100;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>"Keep my order": the customer accepts the current date (or, with no date, to wait for one).</summary>
    public async Task<ConsentAnswer> KeepAsync(int orderId, int backorderLineId, BackorderEventVia via, string actor, CancellationToken ct = default)
    {
        var line = await db.BackorderLines.AsNoTracking().Where(b => b.Id == backorderLineId && b.OrderId == orderId)
            .Select(b => new { b.Status, b.Consent, OrderStatus = b.Order!.Status }).FirstOrDefaultAsync(ct);
        if (line is null)
        {
            return new(ConsentAnswerOutcome.NotFound, ConsentState.NotNeeded);
        }
        if (line.Consent == ConsentState.Given)
        {
            return new(ConsentAnswerOutcome.AlreadyRecorded, line.Consent);
        }
        if (line.Status == BackorderStatus.Cancelled || line.Consent is ConsentState.Refused or ConsentState.Expired)
        {
            return new(ConsentAnswerOutcome.AlreadyCancelled, line.Consent);
        }
        if (line.Status != BackorderStatus.Open || line.Consent is ConsentState.NotNeeded
            || line.OrderStatus is not (OrderStatus.Paid or OrderStatus.PartiallyShipped))
        {
            return new(ConsentAnswerOutcome.NothingToAnswer, line.Consent);
        }
        var now = Now;
        var recorded = await db.InTransactionAsync(async ct =>
        {
            // Conditional: only a line still waiting (or silently accepting) takes the answer, once;
            // the deadline's sweep claims the same row with the opposite condition.
            var changed = await db.BackorderLines
                .Where(b => b.Id == backorderLineId && b.Status == BackorderStatus.Open
                    && (b.Consent == ConsentState.Required || b.Consent == ConsentState.Implied))
                .ExecuteUpdateAsync(u => u
                    .SetProperty(b => b.Consent, ConsentState.Given)
                    .SetProperty(b => b.AcceptedEta, b => b.Undated ? DelayRule.AnyDate : b.CurrentEta)
                    .SetProperty(b => b.ConsentDeadline, (DateTime?)null), ct);
            if (changed == 1)
            {
                var eta = await db.BackorderLines.Where(b => b.Id == backorderLineId).Select(b => b.CurrentEta).SingleAsync(ct);
                db.Add(Event(backorderLineId, BackorderEventKind.ConsentGiven, via, actor, now, eta));
                await db.SaveChangesAsync(ct);
            }
            return changed == 1;
        }, ok => ok, ct);
        db.ChangeTracker.Clear();
        if (recorded)
        {
            logger.LogInformation("Backorder line {BackorderLineId} of order {OrderId}: delay accepted by {Actor}", backorderLineId, orderId, actor);
            return new(ConsentAnswerOutcome.Recorded, ConsentState.Given);
        }
        var after = await db.BackorderLines.AsNoTracking().Where(b => b.Id == backorderLineId).Select(b => b.Consent).SingleAsync(ct);
        return new(after == ConsentState.Given ? ConsentAnswerOutcome.AlreadyRecorded : ConsentAnswerOutcome.AlreadyCancelled, after);
    }

    /// <summary>"Cancel for a full refund": the backordered units are cancelled and refunded, once, and the refusal recorded with them.</summary>
    public async Task<ConsentAnswer> RefuseAsync(int orderId, int backorderLineId, BackorderEventVia via, string actor, CancellationToken ct = default)
    {
        var now = Now;
        var result = await cancellation.CancelAsync(orderId, backorderLineId, null, actor, ct,
            alsoOnCancel: ct => RecordEndAsync(backorderLineId, ConsentState.Refused, BackorderEventKind.ConsentRefused, via, actor, now, ct));
        var consent = await db.BackorderLines.AsNoTracking().Where(b => b.Id == backorderLineId && b.OrderId == orderId)
            .Select(b => (ConsentState?)b.Consent).FirstOrDefaultAsync(ct);
        return result.Outcome switch
        {
            CancellationOutcome.NotFound => new(ConsentAnswerOutcome.NotFound, ConsentState.NotNeeded),
            CancellationOutcome.Cancelled => new(ConsentAnswerOutcome.Recorded, ConsentState.Refused, result),
            CancellationOutcome.AlreadyCancelled => new(consent == ConsentState.Refused ? ConsentAnswerOutcome.AlreadyRecorded : ConsentAnswerOutcome.AlreadyCancelled,
                consent ?? ConsentState.NotNeeded, result),
            _ => new(ConsentAnswerOutcome.NothingToAnswer, consent ?? ConsentState.NotNeeded, result),
        };
    }

    /// <summary>One pass of the consent sweep: reminders due, then deadlines passed. Returns how many lines it handled.</summary>
    public async Task<int> SweepAsync(CancellationToken ct = default) => await RemindDueAsync(ct) + await ExpireDueAsync(ct);

    /// <summary>
    /// Halfway to the deadline, one reminder per order for its lines still unanswered. The claim
    /// (a conditional UPDATE) and the outbox's dedup key keep two instances from reminding twice.
    /// </summary>
    public async Task<int> RemindDueAsync(CancellationToken ct = default)
    {
        var now = Now;
        var waiting = await db.BackorderLines.AsNoTracking()
            .Where(b => b.Consent == ConsentState.Required && b.Status == BackorderStatus.Open && b.ConsentRemindedAt == null
                && b.ConsentDeadline > now && b.ConsentAskedAt != null)
            .OrderBy(b => b.ConsentDeadline).Take(Batch * 10)
            .Select(b => new { b.Id, b.OrderId, AskedAt = b.ConsentAskedAt!.Value, Deadline = b.ConsentDeadline!.Value })
            .ToListAsync(ct);
        var due = waiting.Where(w => DelayRule.ReminderDue(w.AskedAt, w.Deadline) <= now).Take(Batch).ToList();
        var handled = 0;
        foreach (var order in due.GroupBy(d => d.OrderId))
        {
            handled += await db.InTransactionAsync(async ct =>
            {
                var claimed = new List<int>();
                foreach (var line in order)
                {
                    var won = await db.BackorderLines.Where(b => b.Id == line.Id && b.Consent == ConsentState.Required && b.ConsentRemindedAt == null)
                        .ExecuteUpdateAsync(u => u.SetProperty(b => b.ConsentRemindedAt, now), ct);
                    if (won == 1)
                    {
                        claimed.Add(line.Id);
                        db.Add(Event(line.Id, BackorderEventKind.ConsentReminded, BackorderEventVia.Store, "store", now, null));
                    }
                }
                if (claimed.Count == 0)
                {
                    return 0;
                }
                var asks = await AsksAsync(claimed, ct);
                var first = asks[0];
                var placed = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == order.Key, ct);
                outbox.Enqueue(MessageKinds.DelayReminder, first.Email, messages.DelayReminder(first.OrderNumber, asks, MailLayout.Address(placed)), order.Key,
                    $"delay-reminder:{first.OrderNumber}:{claimed.Min()}:{order.Min(l => l.AskedAt).Ticks}");
                await db.SaveChangesAsync(ct);
                return claimed.Count;
            }, n => n > 0, ct);
            db.ChangeTracker.Clear();
        }
        return handled;
    }

    /// <summary>
    /// Deadlines passed with no answer: each line's backordered units are cancelled and refunded
    /// through <see cref="BackorderCancellation"/> (queue served, ETAs behind recomputed, refund
    /// exactly once), and the customer is told why. Two instances sweeping the same deadline race
    /// on the cancellation's conditional UPDATE: one cancels, the other finds it done.
    /// </summary>
    public async Task<int> ExpireDueAsync(CancellationToken ct = default)
    {
        var now = Now;
        var due = await db.BackorderLines.AsNoTracking()
            .Where(b => b.Consent == ConsentState.Required && b.Status == BackorderStatus.Open && b.ConsentDeadline <= now)
            .OrderBy(b => b.ConsentDeadline).ThenBy(b => b.Id).Take(Batch)
            .Select(b => new { b.Id, b.OrderId, b.ConsentDeadline })
            .ToListAsync(ct);
        var handled = 0;
        foreach (var line in due)
        {
            var because = "because we didn't hear from you by " + DateText.ForPeople(DateOnly.FromDateTime(line.ConsentDeadline!.Value))
                + " that you wanted to keep it after its delay";
            var result = await cancellation.CancelAsync(line.OrderId, line.Id, null, "store (no answer to a delay by its deadline)", ct,
                alsoOnCancel: ct => RecordEndAsync(line.Id, ConsentState.Expired, BackorderEventKind.ConsentExpired, BackorderEventVia.Store, "store", now, ct),
                because: because);
            if (result.Outcome == CancellationOutcome.Cancelled)
            {
                handled++;
                logger.LogInformation("Backorder line {BackorderLineId} of order {OrderId}: cancelled and refunded, no answer to its delay by {Deadline}", line.Id, line.OrderId, line.ConsentDeadline);
            }
        }
        return handled;
    }

    /// <summary>The line's consent ends (refused or expired), in the cancellation's transaction.</summary>
    private async Task RecordEndAsync(int backorderLineId, ConsentState state, BackorderEventKind kind, BackorderEventVia via, string actor, DateTime now, CancellationToken ct)
    {
        await db.BackorderLines.Where(b => b.Id == backorderLineId)
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.Consent, state).SetProperty(b => b.ConsentDeadline, (DateTime?)null), ct);
        db.Add(Event(backorderLineId, kind, via, actor, now, null));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>What a delay email lists for the given lines (paid orders only).</summary>
    internal async Task<List<DelayAsk>> AsksAsync(IReadOnlyCollection<int> backorderLineIds, CancellationToken ct)
    {
        var rows = await db.BackorderLines.AsNoTracking().Where(b => backorderLineIds.Contains(b.Id))
            .OrderBy(b => b.Id)
            .Select(b => new { b.Id, b.Order!.Number, b.Order.Email, b.OrderLine!.ProductName, b.Quantity, b.CurrentEta, b.Undated, b.Consent, b.ConsentDeadline, b.OrderLine.UnitPriceAmount, b.OrderLine.Currency })
            .ToListAsync(ct);
        return rows.Select(r => new DelayAsk(r.Id, r.Number, r.Email, r.ProductName, r.Quantity, r.Undated ? null : r.CurrentEta,
            r.Consent == ConsentState.Required ? r.ConsentDeadline : null, new Money(r.UnitPriceAmount, r.Currency), null)).ToList();
    }

    private static BackorderEvent Event(int lineId, BackorderEventKind kind, BackorderEventVia via, string actor, DateTime now, DateOnly? eta) => new()
    {
        BackorderLineId = lineId,
        At = now,
        Kind = kind,
        Via = via,
        Actor = BackorderEvent.Fit(actor, BackorderEvent.MaxActorLength),
        Eta = eta,
    };
}

/// <summary>
/// One backorder line in a delay email: its date now (null: no date), the answer deadline when the
/// customer must answer, the unit price, and the reason customers read.
/// </summary>
public sealed record DelayAsk(int BackorderLineId, string OrderNumber, string Email, string ProductName, int Quantity, DateOnly? Eta, DateTime? Deadline, Money UnitPrice, string? Reason)
{
    public bool NeedsAnswer => Deadline is not null;
}
