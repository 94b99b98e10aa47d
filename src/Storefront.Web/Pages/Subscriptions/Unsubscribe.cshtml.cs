using Microsoft.AspNetCore.Mvc;
using Storefront.Core.Notifications;

namespace Storefront.Web.Pages.Subscriptions;

/// <summary>Stops a back-in-stock alert from the link in its emails; no account needed.</summary>
public class UnsubscribeModel(BackInStockLinks links, BackInStockSubscriptions subscriptions) : LinkPageModel
{
    public IActionResult OnGet() => Verify(Parse, out _) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Verify(Parse, out var id) is { } refused)
        {
            return refused;
        }
        Result = await subscriptions.UnsubscribeAsync(id, ct);
        return Page();
    }

    private (LinkCheck, int) Parse(string? token) => (links.CheckUnsubscribe(token, out var id), id);
}
