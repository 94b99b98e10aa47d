using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Storefront.Core.Notifications;
using Storefront.Web.Infrastructure;

namespace Storefront.Web.Areas.Admin.Pages.Outbox;

/// <summary>One outbox message as the customer gets it: subject, text, and the HTML in a sandboxed frame.</summary>
[ShowsEmailHtml]
public class MessageModel(OutboxAdmin admin) : PageModel
{
    public OutboxMessage Item { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await admin.FindAsync(id, ct) is not { } message)
        {
            return NotFound();
        }
        Item = message;
        return Page();
    }
}
