using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;

namespace Storefront.Core.Incentives;

/// <summary>
/// The apology for a late backorder: when a paid line's ETA slips more than N days past the date
/// promised at purchase, its customer gets a code and a short email, once per line, in the
/// transaction that moved the ETA.
/// </summary>
public sealed class ApologyCodes(StorefrontDbContext db, IncentiveCodes codes, IncentiveSettingsService settings, Outbox outbox, IncentiveMessages messages)
{
    private const int Chunk = 500;

    /// <summary>Issues the codes the moved lines have earned and enqueues their emails; returns how many.</summary>
    public async Task<int> IssueForMovedLinesAsync(IReadOnlyCollection<int> backorderLineIds, CancellationToken ct = default)
    {
        if (backorderLineIds.Count == 0)
        {
            return 0;
        }
        var s = await settings.GetAsync(ct);
        if (!s.ApologyEnabled)
        {
            return 0;
        }
        var issued = 0;
        foreach (var ids in backorderLineIds.Chunk(Chunk))
        {
            var slipped = await db.BackorderLines.AsNoTracking()
                .Where(l => ids.Contains(l.Id) && l.Status == BackorderStatus.Open
                    && (l.Order!.Status == OrderStatus.Paid || l.Order.Status == OrderStatus.PartiallyShipped))
                .Select(l => new { l.Id, l.OrderId, l.PromisedEta, l.CurrentEta, l.Order!.Email, l.Order.Number, l.Order.Currency, l.OrderLine!.ProductName })
                .ToListAsync(ct);
            slipped = slipped.Where(l => l.CurrentEta.DayNumber - l.PromisedEta.DayNumber > s.ApologyAfterDays).ToList();
            if (slipped.Count == 0)
            {
                continue;
            }
            var keys = slipped.Select(l => "apology:" + l.Id).ToList();
            var done = (await db.Set<IncentiveCode>().Where(c => keys.Contains(c.IssueKey)).Select(c => c.IssueKey).ToListAsync(ct)).ToHashSet();
            foreach (var line in slipped.Where(l => !done.Contains("apology:" + l.Id)))
            {
                var code = codes.New(IncentiveReason.Apology, line.Email, s.ApologyKind, s.ApologyValue, line.Currency, s.ApologyValidDays, "apology:" + line.Id);
                code.SourceOrderId = line.OrderId;
                code.SourceBackorderLineId = line.Id;
                db.Add(code);
                outbox.Enqueue(MessageKinds.EtaApology, line.Email, messages.Apology(line.Number, line.ProductName, line.PromisedEta, line.CurrentEta, code),
                    line.OrderId, "eta-apology:" + line.Id);
                issued++;
            }
            await db.SaveChangesAsync(ct);
        }
        return issued;
    }
}
