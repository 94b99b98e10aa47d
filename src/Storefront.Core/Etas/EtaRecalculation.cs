using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Storefront.Core.Availability;
using Storefront.Core.Common;
using Storefront.Core.Data;
using Storefront.Core.Incentives;
using Storefront.Core.Inventory;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;
using Storefront.Core.Orders.Delays;
using Storefront.Core.Suppliers;

namespace Storefront.Core.Etas;

/// <summary>
/// What a change to a product's deliveries or restock date does to the ETAs of its open backorder
/// lines: how many lines and customers move, and by how much. Lines that would have no date at all
/// (no delivery covers them and there is no restock date) keep their current ETA and are counted
/// apart, so staff see that they are about to leave customers without a date.
/// </summary>
public sealed record EtaPreview(
    int ProductId,
    int OpenLines,
    int LinesMoved,
    int CustomersAffected,
    int LinesLater,
    int LinesEarlier,
    int MaxDaysLater,
    int MaxDaysEarlier,
    int LinesWithoutDate,
    int CustomersWithoutDate)
{
    public bool Moves => LinesMoved > 0 || LinesWithoutDate > 0;

    /// <summary>"3 customers' ETAs move: later by up to 5 days, earlier by up to 2 days."</summary>
    public string Summary
    {
        get
        {
            if (!Moves)
            {
                return OpenLines == 0 ? "No open backorders: no customer's ETA changes." : "No customer's ETA changes.";
            }
            var parts = new List<string>();
            if (LinesLater > 0)
            {
                parts.Add($"later by up to {Days(MaxDaysLater)}");
            }
            if (LinesEarlier > 0)
            {
                parts.Add($"earlier by up to {Days(MaxDaysEarlier)}");
            }
            var text = LinesMoved > 0
                ? $"{Customers(CustomersAffected)} ETAs move ({Lines(LinesMoved)}): {string.Join(", ", parts)}."
                : "";
            if (LinesWithoutDate > 0)
            {
                text += (text.Length > 0 ? " " : "") +
                    $"{Customers(CustomersWithoutDate)} backorders ({Lines(LinesWithoutDate)}) would have no date at all: they keep their current ETA until a delivery or restock date covers them.";
            }
            return text;
        }
    }

    private static string Customers(int n) => n == 1 ? "1 customer's" : $"{n} customers'";

    private static string Lines(int n) => n == 1 ? "1 line" : $"{n} lines";

    private static string Days(int n) => n == 1 ? "1 day" : $"{n} days";
}

/// <summary>A scheduled delivery as a preview sees it: after the change being considered.</summary>
public readonly record struct DeliveryPlan(int? DeliveryId, DateOnly ExpectedDate, int Outstanding);

/// <summary>
/// Recomputes the position-aware ETA of every open backorder line of a product, oldest first: a
/// line's ETA is that of its last unit, counting the queue from the front. Preview before a change,
/// apply in the same transaction as the change; each moved line gets an <see cref="EtaChange"/> row
/// (who, why), and each paid order with moved lines one "ETA changed" email in the outbox.
/// </summary>
public sealed class EtaRecalculation(StorefrontDbContext db, TimeProvider clock, IOptions<StoreOptions> options, BackorderNotices notices,
    IOptions<BackorderOptions> backorders, DeliveryDates dates, ApologyCodes? apologies = null)
{
    private const int Chunk = 500;
    private readonly StoreOptions _store = options.Value;
    private readonly BackorderOptions _backorders = backorders.Value;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>What would move if ETAs were recomputed from the product's current deliveries and restock date.</summary>
    public async Task<EtaPreview> PreviewAsync(int productId, CancellationToken ct = default)
    {
        var (restock, release) = await DatesAsync(productId, ct);
        return Summarise(productId, await PlanAsync(productId, await DeliveriesAsync(productId, ct), restock, release, ct));
    }

    /// <summary>What would move if the product's deliveries were <paramref name="change"/>d (add, edit or drop one).</summary>
    public async Task<EtaPreview> PreviewDeliveriesAsync(int productId, Func<List<DeliveryPlan>, IEnumerable<DeliveryPlan>> change, CancellationToken ct = default)
    {
        var (restock, release) = await DatesAsync(productId, ct);
        var deliveries = change(await DeliveriesAsync(productId, ct)).ToList();
        return Summarise(productId, await PlanAsync(productId, deliveries, restock, release, ct));
    }

    public async Task<EtaPreview> PreviewRestockChangeAsync(int productId, DateOnly? newDate, CancellationToken ct = default)
    {
        var (_, release) = await DatesAsync(productId, ct);
        return Summarise(productId, await PlanAsync(productId, await DeliveriesAsync(productId, ct), newDate, release, ct));
    }

    /// <summary>
    /// Recomputes the product's ETAs from what the database holds now and records every move. Only
    /// <see cref="Inventory.InventoryEngine"/> calls it, as one step of settling the product's queue,
    /// inside the transaction that made the change.
    /// </summary>
    /// <param name="kind">What changed: customers read words made from it.</param>
    /// <param name="reason">The staff detail (references, notes), shown only in Admin.</param>
    internal async Task<EtaPreview> ApplyAsync(int productId, EtaChangeKind kind, string reason, string actor, CancellationToken ct = default)
    {
        var (restock, release) = await DatesAsync(productId, ct);
        var plan = await PlanAsync(productId, await DeliveriesAsync(productId, ct), restock, release, ct);
        var moved = plan.Where(m => m.NewEta is { } eta && eta != m.Line.CurrentEta).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        // Few distinct dates (one per delivery, plus the restock date): one UPDATE per date and chunk.
        foreach (var group in moved.GroupBy(m => m.NewEta!.Value))
        {
            var eta = group.Key;
            foreach (var ids in group.Select(m => m.Line.Id).Chunk(Chunk))
            {
                await db.BackorderLines.Where(l => ids.Contains(l.Id) && l.Status == BackorderStatus.Open)
                    .ExecuteUpdateAsync(u => u.SetProperty(l => l.CurrentEta, eta), ct);
            }
        }
        var consents = await DecideConsentAsync(plan, now, ct);
        if (moved.Count > 0 || consents.Count > 0)
        {
            var changes = moved.Select(m => new EtaChange
            {
                BackorderLineId = m.Line.Id,
                OldEta = m.Line.CurrentEta,
                NewEta = m.NewEta!.Value,
                ChangedAt = now,
                Kind = kind,
                ChangedBy = actor,
                Reason = reason,
            }).ToList();
            db.EtaChanges.AddRange(changes);
            await db.SaveChangesAsync(ct);
            // After the save: the change rows' ids name this recalculation in the emails' dedup keys.
            await notices.EtasChangedAsync(changes, consents, ct);
            db.ChangeTracker.Clear();
            if (apologies is not null)
            {
                await apologies.IssueForMovedLinesAsync(moved.Select(m => m.Line.Id).ToList(), ct);
            }
        }
        return Summarise(productId, plan);
    }

    private sealed record QueueLine(int Id, string Customer, int Quantity, DateOnly CurrentEta, bool Paid, ConsentSnapshot Consent);

    private sealed record Move(QueueLine Line, DateOnly? NewEta);

    private async Task<List<Move>> PlanAsync(int productId, IEnumerable<DeliveryPlan> deliveries, DateOnly? restock, DateOnly? release, CancellationToken ct)
    {
        var lines = await db.BackorderLines.AsNoTracking()
            .Where(l => l.ProductId == productId && l.Quantity > 0).InFillOrder()
            .Select(l => new QueueLine(l.Id, l.Order!.UserId ?? l.Order.Email, l.Quantity, l.CurrentEta,
                l.Order.Status == OrderStatus.Paid || l.Order.Status == OrderStatus.PartiallyShipped,
                new ConsentSnapshot(l.Consent, l.PromisedEta, l.AcceptedEta, l.Delays, l.Undated, l.ConsentDeadline, l.ConsentAskedAt)))
            .ToListAsync(ct);
        // Positions count the open queue itself, so nothing is queued "ahead" of it.
        var schedule = new EtaSchedule(deliveries.Select(d => new ScheduledDelivery(d.ExpectedDate, d.Outstanding)), 0, restock, Today, _store.HandlingDays, release);
        var plan = new List<Move>(lines.Count);
        var position = 0;
        foreach (var line in lines)
        {
            position += line.Quantity;
            plan.Add(new Move(line, schedule.EtaForPosition(position)));
        }
        return plan;
    }

    private static EtaPreview Summarise(int productId, List<Move> plan)
    {
        var moved = plan.Where(m => m.NewEta is { } eta && eta != m.Line.CurrentEta).ToList();
        var days = moved.Select(m => m.NewEta!.Value.DayNumber - m.Line.CurrentEta.DayNumber).ToList();
        var noDate = plan.Where(m => m.NewEta is null).ToList();
        return new EtaPreview(
            productId,
            plan.Count,
            moved.Count,
            moved.Select(m => m.Line.Customer).Distinct(StringComparer.OrdinalIgnoreCase).Count(),
            days.Count(d => d > 0),
            days.Count(d => d < 0),
            days.Where(d => d > 0).DefaultIfEmpty(0).Max(),
            -days.Where(d => d < 0).DefaultIfEmpty(0).Min(),
            noDate.Count,
            noDate.Select(m => m.Line.Customer).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    private Task<List<DeliveryPlan>> DeliveriesAsync(int productId, CancellationToken ct) => dates.PlansAsync(productId, ct);

    /// <summary>
    /// The consent rule (<see cref="DelayRule"/>) for every line of a paid order whose date this
    /// recalculation moved later or took away, written to the lines with an event each; the
    /// customers hear it in the same email as the move.
    /// </summary>
    private async Task<Dictionary<int, ConsentDecision>> DecideConsentAsync(List<Move> plan, DateTime now, CancellationToken ct)
    {
        var decisions = new Dictionary<int, ConsentDecision>();
        foreach (var move in plan.Where(m => m.Line.Paid && (m.NewEta is null || m.NewEta != m.Line.CurrentEta || m.Line.Consent.Undated)))
        {
            var decision = DelayRule.Decide(move.Line.Consent, move.NewEta, now, _backorders);
            if (decision.After != move.Line.Consent || decision.StillAsking)
            {
                decisions[move.Line.Id] = decision;
            }
        }
        foreach (var ids in decisions.Keys.Chunk(Chunk))
        {
            var lines = await db.BackorderLines.Where(l => ids.Contains(l.Id)).ToListAsync(ct);
            foreach (var line in lines)
            {
                var decision = decisions[line.Id];
                decision.After.WriteTo(line);
                if (decision.Event == BackorderEventKind.ConsentAsked)
                {
                    line.ConsentRemindedAt = null;
                }
                if (decision.Event is { } kind)
                {
                    line.Events.Add(new BackorderEvent
                    {
                        At = now, Kind = kind, Via = BackorderEventVia.Store, Actor = "store",
                        Eta = decision.Eta, Deadline = decision.After.Deadline,
                    });
                }
            }
        }
        if (decisions.Count > 0)
        {
            await db.SaveChangesAsync(ct);
        }
        return decisions;
    }

    private async Task<(DateOnly? Restock, DateOnly? Release)> DatesAsync(int productId, CancellationToken ct)
    {
        var dates = await db.Products.AsNoTracking().Where(p => p.Id == productId)
            .Select(p => new { p.RestockDate, p.ReleaseDate }).FirstOrDefaultAsync(ct);
        return (dates?.RestockDate, dates?.ReleaseDate);
    }
}
