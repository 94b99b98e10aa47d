using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;
using Storefront.Core.Orders;
using Storefront.Core.Payments;

namespace Storefront.Web.Pages.Orders;

/// <summary>
/// One order as its customer sees it: each line's status, the ETA promised at purchase, the current
/// ETA and every change to it, payments and refunds, and a way to cancel what is still backordered.
/// Reached by the signed-in owner or through the signed link in the order's emails (?t=…).
/// </summary>
public class DetailsModel(StorefrontDbContext db, OrderLookup lookup, BackorderCancellation cancellation, Storefront.Core.Incentives.IncentiveCodes codes, TimeProvider clock) : PageModel
{
    /// <summary>Codes this order earned (next purchase, apologies) and the one it used.</summary>
    public IReadOnlyList<Storefront.Core.Incentives.IncentiveCodeView> Codes { get; private set; } = [];

    public Order Order { get; private set; } = null!;

    /// <summary>When the order's one parcel ships (together, or waiting for a pre-order); null when what is in stock ships now.</summary>
    public DateOnly? OneParcelBy { get; private set; }

    /// <summary>The guest link's token, carried on every link and form so a guest stays allowed.</summary>
    public string? Token { get; private set; }

    public ILookup<int, EtaChange> EtaHistory { get; private set; } = Array.Empty<EtaChange>().ToLookup(c => c.BackorderLineId);

    public IReadOnlyList<Payment> Payments { get; private set; } = [];

    public IReadOnlyList<Refund> Refunds { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public string? Problem { get; set; }

    /// <summary>Backorders can be cancelled once the order is paid and until they are filled.</summary>
    public bool CanCancel(BackorderLine backorder) => BackorderCancellation.CanCancel(Order.Status, backorder);

    /// <summary>The refund of a cancelled backorder line, if one was recorded.</summary>
    public Refund? RefundFor(BackorderLine backorder) =>
        Refunds.FirstOrDefault(r => r.IdempotencyKey == BackorderCancellation.RefundKeyFor(backorder.Id));

    /// <summary>A line cancelled after payment whose refund the provider has not confirmed yet.</summary>
    public bool RefundPending(BackorderLine backorder) =>
        BackorderCancellation.AwaitsRefund(Order.Status, backorder, Payments.Any(p => p.Status == PaymentStatus.Succeeded), RefundFor(backorder));

    /// <summary>Where the order page's delay buttons post (the answer page, with this page's link token).</summary>
    public string DelayUrl(BackorderLine backorder, string answer) =>
        $"/Orders/{Uri.EscapeDataString(Order.Number)}/Delay/{backorder.Id}?a={answer}" + (Token is null ? "" : "&t=" + Uri.EscapeDataString(Token));

    public long Charged => Payments.Where(p => p.Status == PaymentStatus.Succeeded).Sum(p => p.Amount);

    public long Refunded => Payments.Where(p => p.Status == PaymentStatus.Succeeded).Sum(p => p.RefundedAmount);

    public async Task<IActionResult> OnGetAsync(string number, string? t, CancellationToken ct)
    {
        var (found, refusal) = await lookup.FindAsync(this, number, t, ct);
        if (found is null)
        {
            return refusal!;
        }
        await LoadAsync(found, t, ct);
        return Page();
    }

    /// <summary>Retries the provider call of a recorded refund, with the same key and amount.</summary>
    public async Task<IActionResult> OnPostRetryRefundAsync(string number, string? t, int backorderId, CancellationToken ct)
    {
        var (found, refusal) = await lookup.FindAsync(this, number, t, ct);
        if (found is null)
        {
            return refusal!;
        }
        var refund = await cancellation.RefundAsync(found.Id, backorderId, ct);
        if (refund is null)
        {
            return NotFound();
        }
        if (refund.Confirmed)
        {
            Message = $"Your refund of {refund.Amount} is on its way.";
        }
        else
        {
            Problem = $"We couldn't reach the payment provider to refund {refund.Amount}. Your refund is recorded and won't be made twice; please try again in a moment.";
        }
        return RedirectToPage(new { number = found.Number, t });
    }

    private async Task LoadAsync(CustomerOrderRef found, string? t, CancellationToken ct)
    {
        Token = t;
        Order = await db.Orders.AsNoTracking().AsSplitQuery()
            .Include(o => o.Lines.OrderBy(l => l.Id)).ThenInclude(l => l.Backorders.OrderBy(b => b.PlacedAt).ThenBy(b => b.Id)).ThenInclude(b => b.Events)
            .SingleAsync(o => o.Id == found.Id, ct);
        OneParcelBy = Core.Shipping.Parcels.OneParcelBy(Order, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var backorderIds = Order.Lines.SelectMany(l => l.Backorders).Select(b => b.Id).ToList();
        var changes = backorderIds.Count == 0 ? []
            : await db.EtaChanges.AsNoTracking().Where(c => backorderIds.Contains(c.BackorderLineId))
                .OrderBy(c => c.ChangedAt).ThenBy(c => c.Id).ToListAsync(ct);
        EtaHistory = changes.ToLookup(c => c.BackorderLineId);
        Payments = await db.Payments.AsNoTracking().Where(p => p.OrderId == found.Id).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).ToListAsync(ct);
        Refunds = await db.Refunds.AsNoTracking().Where(r => r.OrderId == found.Id).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(ct);
        Codes = await codes.ForOrderAsync(found.Id, ct);
    }
}
