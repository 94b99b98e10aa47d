using Storefront.Core.Common;

namespace Storefront.Core.Availability;

/// <summary>
/// The words a shopper reads about availability, wherever they read them: product cards and page,
/// the quantity hint, cart, checkout, confirmation, order page, emails and the feed. Each page
/// renders from here, so the same state reads the same everywhere.
/// </summary>
public static class AvailabilityText
{
    /// <summary>The one-line statement of a product's state ("Backorder — ships by 12 March").</summary>
    public static string Message(AvailabilityState state, int available, DateOnly? eta, DateOnly? releaseDate, DateOnly? expectedBack, bool canBuy) => state switch
    {
        AvailabilityState.InStock => "In stock",
        AvailabilityState.LowStock => $"Only {available} left",
        AvailabilityState.Backorder => "Backorder — ships by " + Date(eta),
        AvailabilityState.PreOrder => "Pre-order — released " + Date(releaseDate) + (canBuy ? "" : " (sold out for now)"),
        AvailabilityState.OutOfStock => expectedBack is { } back ? "Out of stock — expected back " + DateText.ForPeople(back) : "Out of stock",
        _ => "No longer available",
    };

    /// <summary>A short badge for product cards.</summary>
    public static string Badge(AvailabilityState state, int available) => state switch
    {
        AvailabilityState.InStock => "In stock",
        AvailabilityState.LowStock => $"Only {available} left",
        AvailabilityState.Backorder => "Backorder",
        AvailabilityState.PreOrder => "Pre-order",
        AvailabilityState.OutOfStock => "Out of stock",
        _ => "No longer available",
    };

    /// <summary>The line under a card's badge: when it ships, or why it doesn't.</summary>
    public static string Hint(ProductAvailability a) => a.State switch
    {
        AvailabilityState.InStock or AvailabilityState.LowStock => "Ready to ship",
        AvailabilityState.Backorder when a.Eta is { } eta => "Ships by " + DateText.ForPeople(eta),
        AvailabilityState.Backorder => "Ships when it arrives",
        AvailabilityState.PreOrder when a.ReleaseDate is { } release => "Released " + DateText.ForPeople(release),
        AvailabilityState.PreOrder => "Coming soon",
        AvailabilityState.OutOfStock when a.ExpectedBack is { } back => "Expected back " + DateText.ForPeople(back),
        AvailabilityState.OutOfStock => "Not available right now",
        _ => "Discontinued",
    };

    /// <summary>Units of a cart or checkout line that go out with the first parcel: "2 ship now".</summary>
    public static string ShipNow(int units) => $"{units} ship now";

    /// <summary>Units of a cart or checkout line that wait: "3 on backorder — ships by 12 March".</summary>
    public static string OnBackorder(int units, DateOnly? eta) =>
        $"{units} on backorder" + (eta is { } d ? " — ships by " + DateText.ForPeople(d) : "");

    /// <summary>Units of a placed order that are allocated: "2 ships now" (confirmation and order page).</summary>
    public static string ShipsNow(int units) => $"{units} ships now";

    /// <summary>Units of a placed order still waiting: "3 backordered — ships by 12 March".</summary>
    public static string Backordered(int units, DateOnly eta) => $"{units} backordered — ships by {DateText.ForPeople(eta)}";

    /// <summary>In the order confirmation email: "3 backordered until 12 March".</summary>
    public static string BackorderedUntil(int units, DateOnly eta) => $"{units} backordered until {DateText.ForPeople(eta)}";

    /// <summary>A cart line's split in a sentence: "2 ship now, 3 on backorder (ships by 12 March)".</summary>
    public static string SplitSummary(QuantitySplit split) =>
        $"{split.ShipNow} ship now, {split.Backordered} on backorder" + (split.Eta is { } eta ? $" (ships by {DateText.ForPeople(eta)})" : "");

    /// <summary>In an email's list of what is still to come.</summary>
    public static string StillToCome(DateOnly? eta) =>
        eta is { } d ? $"backordered, expected to ship by {DateText.ForPeople(d)}" : "ships separately";

    /// <summary>
    /// What the product page says under the quantity box once a shopper picks <paramref name="quantity"/>
    /// (empty when the badge already says it all).
    /// </summary>
    public static string QuantityHint(QuantitySplit split, int quantity)
    {
        if (split.Backordered > 0 && split.ShipNow > 0)
        {
            return SplitSummary(split) + ". You're charged for all of them now and can cancel the backordered ones before they ship.";
        }
        // One unit's date is already on the page; a bigger order may wait for a later delivery.
        return split.Backordered > 1 && split.Eta is { } last ? $"All {quantity} ship by {DateText.ForPeople(last)}." : "";
    }

    /// <summary>
    /// When one order can take more than the shelf holds, the split up front, next to "Only 2 left":
    /// "2 ship now, the rest by 12 March" (the date the last unit one order may take ships). Null otherwise.
    /// </summary>
    public static string? ShelfThenBackorder(ProductAvailability a) =>
        a.Available > 0 && a.MaxQuantity > a.Available && a.Split(a.MaxQuantity).Eta is { } last
            ? $"{a.Available} ship now, the rest by {DateText.ForPeople(last)}"
            : null;

    /// <summary>Why the product page's add-to-cart form is closed; it agrees with the state's message.</summary>
    public static string CannotOrder(ProductAvailability a) => a.State switch
    {
        AvailabilityState.Discontinued => "This product has been discontinued and can no longer be ordered.",
        AvailabilityState.OutOfStock when a.ExpectedBack is not null => "We can't take orders for it until it's back in stock.",
        AvailabilityState.OutOfStock => "We can't take orders for it until we know when more will ship.",
        AvailabilityState.PreOrder => "Every pre-order unit is spoken for right now; we can't take more until more are on the way.",
        _ => "This product can't be ordered right now.",
    };

    /// <summary>Past the most one order may take.</summary>
    public static string UpTo(int max) => $"You can order up to {max} at a time.";

    private static string Date(DateOnly? date) => date is { } d ? DateText.ForPeople(d) : "";
}
