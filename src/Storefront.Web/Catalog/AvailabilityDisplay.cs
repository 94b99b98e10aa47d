using Storefront.Core.Availability;
using Storefront.Core.Catalog;
using Storefront.Core.Common;

namespace Storefront.Web.Catalog;

/// <summary>
/// How availability looks on the shop's pages: one colour per state and a one-line hint, so a
/// shopper reads the same thing on a product card, the product page and (later) the cart.
/// The words themselves come from <see cref="AvailabilityText"/>.
/// </summary>
public static class AvailabilityDisplay
{
    public static string BadgeClass(AvailabilityState state) => state switch
    {
        AvailabilityState.InStock => "availability-in-stock",
        AvailabilityState.LowStock => "availability-low-stock",
        AvailabilityState.Backorder => "availability-backorder",
        AvailabilityState.PreOrder => "availability-pre-order",
        AvailabilityState.OutOfStock => "availability-out-of-stock",
        _ => "availability-discontinued",
    };

    /// <summary>The line under a card's badge: when it ships, or why it doesn't.</summary>
    public static string Hint(ProductAvailability a) => AvailabilityText.Hint(a);

    /// <summary>The product's own picture, or the drawn demo picture when the merchant has none.</summary>
    public static string ImageUrl(Product p) =>
        string.IsNullOrWhiteSpace(p.ImageUrl) ? $"/media/products/{Uri.EscapeDataString(p.Sku)}.svg" : p.ImageUrl;

    /// <summary>The other sizes of an uploaded picture, for the browser to pick from; null (no attribute) for any other picture.</summary>
    public static string? ImageSrcSet(Product p) =>
        ProductImages.HashOf(p.ImageUrl) is { } hash
            ? string.Join(", ", ProductImages.Widths.Select(w => $"{ProductImages.UrlFor(hash, w)} {w}w"))
            : null;

    /// <summary>The sizes attribute that goes with <see cref="ImageSrcSet"/>; null when there is no srcset.</summary>
    public static string? ImageSizes(Product p, string sizes) => ProductImages.HashOf(p.ImageUrl) is null ? null : sizes;
}
