using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Storefront.Core.Notifications;

namespace Storefront.Web.Areas.Admin.Pages.Outbox;

/// <summary>The customer emails: how many wait, which failed (with a retry), the latest ones, and the .eml folder.</summary>
public class IndexModel(OutboxAdmin admin, Core.Notifications.Outbox outbox) : PageModel
{
    public const int PageSize = 25;

    public OutboxCounts Counts { get; private set; } = new(0, 0, 0);
    public IReadOnlyList<OutboxRow> Failed { get; private set; } = [];
    public OutboxPage Recent { get; private set; } = new([], 1, PageSize, 0);
    public string? PickupFolder => admin.PickupFolder;
    public IReadOnlyList<PickupFile> PickupFiles { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync([FromQuery(Name = "p")] int page = 1, CancellationToken ct = default)
    {
        Counts = await admin.CountsAsync(ct);
        Failed = await admin.FailedAsync(ct: ct);
        Recent = await admin.RecentAsync(page, PageSize, ct);
        PickupFiles = admin.PickupFiles();
    }

    public async Task<IActionResult> OnPostRetryAsync(long id, CancellationToken ct)
    {
        Message = await outbox.RetryAsync(id, ct) == 1
            ? $"Message {id} is queued again; the sender picks it up within seconds."
            : $"Message {id} is not failed (it may already have been retried).";
        return RedirectToPage();
    }
}
