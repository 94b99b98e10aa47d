using System.Globalization;

namespace Storefront.Core.Availability;

/// <summary>
/// The one mapping from the store's availability to the words search engines and shopping feeds read:
/// schema.org's ItemAvailability (product pages' structured data) and Google Merchant Center's
/// availability values (the Google feed). Both say what the product page says, from the same
/// <see cref="ProductAvailability"/>.
/// </summary>
public static class SearchAvailability
{
    /// <summary>The schema.org ItemAvailability URL for a state (Offer.availability).</summary>
    public static string SchemaOrg(AvailabilityState state) => state switch
    {
        AvailabilityState.InStock => "https://schema.org/InStock",
        AvailabilityState.LowStock => "https://schema.org/LimitedAvailability",
        AvailabilityState.Backorder => "https://schema.org/BackOrder",
        AvailabilityState.PreOrder => "https://schema.org/PreOrder",
        AvailabilityState.OutOfStock => "https://schema.org/OutOfStock",
        AvailabilityState.Discontinued => "https://schema.org/Discontinued",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>
    /// Google Merchant Center's g:availability. Merchant Center knows four values: a few units left is
    /// still in stock, and a product no longer sold is out of stock.
    /// </summary>
    public static string Google(AvailabilityState state) => state switch
    {
        AvailabilityState.InStock or AvailabilityState.LowStock => "in_stock",
        AvailabilityState.Backorder => "backorder",
        AvailabilityState.PreOrder => "preorder",
        AvailabilityState.OutOfStock or AvailabilityState.Discontinued => "out_of_stock",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>
    /// When a backordered or pre-ordered unit ordered now ships (schema.org availabilityStarts, Google
    /// g:availability_date), as the start of that day in UTC, the store's day (ADR 0005); null for every
    /// other state, and for one whose date nobody knows.
    /// </summary>
    public static DateTimeOffset? Starts(ProductAvailability availability) =>
        availability.State is AvailabilityState.Backorder or AvailabilityState.PreOrder && availability.Eta is { } eta
            ? new DateTimeOffset(eta.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : null;

    /// <summary>ISO 8601 with its offset, as Merchant Center requires ("2027-03-12T00:00+00:00").</summary>
    public static string Iso8601(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);
}
