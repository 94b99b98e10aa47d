using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Storefront.Core.Identity;

namespace Storefront.Web.Areas.Admin.Pages.ApiKeys;

public class IndexModel(Storefront.Core.Identity.ApiKeys keys) : PageModel
{
    [BindProperty, Required, StringLength(100), Display(Name = "Name (who uses the key)")]
    public string? Name { get; set; }

    /// <summary>The new key, shown once after the redirect; TempData forgets it once read.</summary>
    [TempData]
    public string? NewKey { get; set; }

    [TempData]
    public string? Message { get; set; }

    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Keys = await keys.ListAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Keys = await keys.ListAsync(ct);
            return Page();
        }
        var created = await keys.CreateAsync(Name!, User.Identity?.Name ?? "staff", ct);
        NewKey = created.Secret;
        Message = $"Key \"{created.Key.Name}\" created. Copy it now: it is not shown again.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken ct)
    {
        Message = await keys.RevokeAsync(id, User.Identity?.Name ?? "staff", ct) ? "Key revoked: it stops working at once." : "That key was already revoked.";
        return RedirectToPage();
    }
}
