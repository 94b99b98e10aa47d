using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;
using Storefront.Core.Payments;

namespace Storefront.Web.Areas.Admin.Pages.Refunds;

/// <summary>Refunds owed to customers that the provider has not confirmed: Pending (retried by the store) and Failed (needs staff).</summary>
public class IndexModel(StorefrontDbContext db, PaymentRefunds refunds) : PageModel
{
    public sealed record Row(int Id, string OrderNumber, string Email, long Amount, string Currency, string Reason,
        RefundStatus Status, int Attempts, string? LastError, DateTime? NextAttemptAt, DateTime CreatedAt);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public string? Problem { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Rows = await (from r in db.Refunds.AsNoTracking()
                      where r.Status != RefundStatus.Refunded
                      join o in db.Orders.AsNoTracking() on r.OrderId equals o.Id
                      orderby r.Status descending, r.CreatedAt, r.Id
                      select new Row(r.Id, o.Number, o.Email, r.Amount, r.Currency, r.Reason, r.Status, r.Attempts, r.LastError, r.NextAttemptAt, r.CreatedAt))
            .Take(500)
            .ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostRetryAsync(int id, CancellationToken ct)
    {
        var outcome = await refunds.RetryAsync(id, ct);
        if (outcome is null)
        {
            return NotFound();
        }
        if (outcome.Succeeded)
        {
            Message = $"Refund {id} confirmed by the provider.";
        }
        else
        {
            Problem = $"The provider still did not confirm refund {id}{(outcome.Error is { } e ? ": " + e : "")}. It will not be paid twice.";
        }
        return RedirectToPage();
    }
}
