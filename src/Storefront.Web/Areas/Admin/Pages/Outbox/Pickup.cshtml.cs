using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Storefront.Core.Notifications;
using Storefront.Web.Infrastructure;

namespace Storefront.Web.Areas.Admin.Pages.Outbox;

/// <summary>One .eml file from the pickup folder, parsed; only bare file names inside the folder are read.</summary>
[ShowsEmailHtml]
public class PickupModel(OutboxAdmin admin) : PageModel
{
    public PickupMessage Item { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string? name, CancellationToken ct)
    {
        if (await admin.ReadPickupAsync(name, ct) is not { } message)
        {
            return NotFound();
        }
        Item = message;
        return Page();
    }
}
