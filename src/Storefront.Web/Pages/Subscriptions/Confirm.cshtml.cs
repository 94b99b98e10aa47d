using Microsoft.AspNetCore.Mvc;
using Storefront.Core.Notifications;

namespace Storefront.Web.Pages.Subscriptions;

/// <summary>The double opt-in step: the address confirms it asked for a back-in-stock alert.</summary>
public class ConfirmModel(BackInStockLinks links, BackInStockSubscriptions subscriptions) : LinkPageModel
{
    public IActionResult OnGet() => Verify(Parse, out _) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Verify(Parse, out var id) is { } refused)
        {
            return refused;
        }
        Result = await subscriptions.ConfirmAsync(id, ct);
        return Page();
    }

    private (LinkCheck, int) Parse(string? token) => (links.CheckConfirm(token, out var id), id);
}
