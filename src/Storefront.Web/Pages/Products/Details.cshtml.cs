using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Storefront.Core.Availability;
using Storefront.Core.Catalog;
using Storefront.Core.Common;
using Storefront.Core.Notifications;
using Storefront.Web.Catalog;
using Storefront.Web.Infrastructure;

namespace Storefront.Web.Pages.Products;

/// <summary>One product: what it is, what it costs, when it ships, and a form to put it in the cart.</summary>
/// <remarks>
/// The "notify me" form can't be used to flood strangers' inboxes with confirmation emails: its posts
/// are limited per client (RateLimits:BackInStock); the page itself is never limited.
/// </remarks>
[EnableRateLimiting(RateLimitPolicies.BackInStock)]
public class DetailsModel(CatalogBrowser catalog) : PageModel
{
    public CatalogItem Item { get; private set; } = null!;

    public Product Product => Item.Product;
    public ProductAvailability Availability => Item.Availability;

    /// <summary>The "notify me when it's back" form; prefilled for signed-in shoppers.</summary>
    [BindProperty]
    public NotifyInput Notify { get; set; } = new();

    /// <summary>What happened to the last "notify me" request (after the redirect).</summary>
    [TempData]
    public string? NotifyMessage { get; set; }

    /// <summary>The product that request was for: another product's page does not show it.</summary>
    [TempData]
    public int? NotifiedProductId { get; set; }

    /// <summary>The answer to a "notify me" request for this product, shown in place of the form.</summary>
    public string? NotifyConfirmation => NotifiedProductId == Product.Id ? NotifyMessage : null;

    public sealed class NotifyInput
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address, like name@example.com.")]
        [StringLength(BackInStockSubscriptions.MaxEmailLength)]
        [Display(Name = "Email address")]
        public string? Email { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var found = await LoadAsync(slug, ct);
        if (found is not null)
        {
            return found;
        }
        Notify.Email ??= SignedInEmail();
        return Page();
    }

    /// <summary>
    /// Subscribes an address to this product's back-in-stock alert. It only writes a pending
    /// subscription and a confirmation email: nothing is sent to the address again until it confirms.
    /// </summary>
    public async Task<IActionResult> OnPostNotifyMeAsync(string slug, [FromServices] BackInStockSubscriptions subscriptions, CancellationToken ct)
    {
        var found = await LoadAsync(slug, ct);
        if (found is not null)
        {
            return found;
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var outcome = await subscriptions.SubscribeAsync(Product.Id, Notify.Email, userId, ct);
        switch (outcome)
        {
            case SubscribeOutcome.InvalidEmail:
                ModelState.AddModelError("Notify.Email", "Enter a valid email address, like name@example.com.");
                return Page();
            case SubscribeOutcome.NotFound:
                return NotFound();
            case SubscribeOutcome.NotOutOfStock:
                NotifyMessage = "Good news: this product can be ordered right now.";
                break;
            default:
                // The same words whether or not the address was already subscribed: the form must not
                // tell a stranger who is waiting for what.
                NotifyMessage = $"Almost done: we've emailed {BackInStockSubscriptions.NormalizeEmail(Notify.Email)} a link to confirm. We'll write once when it's back.";
                break;
        }
        NotifiedProductId = Product.Id;
        return RedirectToPage(new { slug });
    }

    private string? SignedInEmail() =>
        User.Identity?.IsAuthenticated == true ? User.FindFirstValue(ClaimTypes.Email) ?? User.Identity.Name : null;

    /// <summary>Finds the product; returns a result when the request ends here (not found, or a redirect to its slug).</summary>
    private async Task<IActionResult?> LoadAsync(string slug, CancellationToken ct)
    {
        var item = await catalog.FindAsync(slug, ct);
        if (item is null)
        {
            return NotFound();
        }
        if (!string.Equals(item.Product.Slug, slug, StringComparison.Ordinal))
        {
            // Found by SKU: send shoppers (and search engines) to the one address the product has.
            return RedirectPermanent(ProductFeed.ProductUrl(item.Product));
        }
        Item = item;
        return null;
    }

    /// <summary>Why the add-to-cart form is closed, when it is.</summary>
    public string UnavailableReason => AvailabilityText.CannotOrder(Availability);

    /// <summary>
    /// For each quantity a shopper may pick, what the page says about it (units shipped now, units
    /// backordered and the date the last one ships), so the page can say it before the cart does.
    /// ETAs depend on queue position; the words come from <see cref="AvailabilityText"/>.
    /// </summary>
    public string QuantitySplitsJson() => JsonSerializer.Serialize(Availability.QuantityHints);
}
