using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Storefront.Core.Availability;
using Storefront.Core.Catalog;
using Storefront.Core.Common;
using Storefront.Web.Catalog;

namespace Storefront.Web.Pages.Products;

/// <summary>One product: what it is, what it costs, when it ships, and a form to put it in the cart.</summary>
public class DetailsModel(CatalogBrowser catalog) : PageModel
{
    public CatalogItem Item { get; private set; } = null!;

    public Product Product => Item.Product;
    public ProductAvailability Availability => Item.Availability;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
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
        return Page();
    }

    /// <summary>Why the add-to-cart form is closed, when it is.</summary>
    public string UnavailableReason => Availability.State switch
    {
        AvailabilityState.Discontinued => "This product has been discontinued and can no longer be ordered.",
        AvailabilityState.OutOfStock => "We can't take orders for it until we know when more will ship.",
        AvailabilityState.PreOrder => "Every pre-order unit is spoken for right now; we can't take more until more are on the way.",
        _ => "This product can't be ordered right now.",
    };

    /// <summary>
    /// For each quantity a shopper may pick: units shipped now, units backordered and the date the
    /// last one ships, so the page can say it before the cart does. ETAs depend on queue position.
    /// </summary>
    public string QuantitySplitsJson()
    {
        var splits = Enumerable.Range(1, Math.Max(0, Availability.MaxQuantity))
            .Select(q => Availability.Split(q))
            .Select(s => new { now = s.ShipNow, later = s.Backordered, eta = s.Eta is { } d ? DateText.ForPeople(d) : null });
        return JsonSerializer.Serialize(splits);
    }
}
