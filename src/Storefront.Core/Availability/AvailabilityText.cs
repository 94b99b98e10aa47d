using Storefront.Core.Common;
using Storefront.Core.Orders;

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
        AvailabilityState.PreOrder => (releaseDate is { } r ? PreOrder(r) : "Pre-order") + (canBuy ? "" : " (sold out for now)"),
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

    /// <summary>"1 unit", "3 units".</summary>
    public static string Units(int n) => n == 1 ? "1 unit" : $"{n} units";

    // Before an order is placed (product page, cart, checkout) the shopper has not chosen how it
    // ships, so units on the shelf are "in stock", not "ship now": with "ship everything together"
    // they wait for the rest.

    /// <summary>Units of a cart or checkout line on the shelf: "2 in stock".</summary>
    public static string InStock(int units) => $"{units} in stock";

    /// <summary>Units of a cart or checkout line that wait: "3 on backorder — ships by 12 March".</summary>
    public static string OnBackorder(int units, DateOnly? eta) =>
        $"{units} on backorder" + (eta is { } d ? " — ships by " + DateText.ForPeople(d) : "");

    /// <summary>
    /// A pre-order, wherever it is shown: "Pre-order — released 12 March", plus when it ships if that is
    /// later than release day (units from a delivery after it). Never "backorder".
    /// </summary>
    public static string PreOrder(DateOnly release, DateOnly? shipsBy = null) =>
        "Pre-order — released " + DateText.ForPeople(release) + (shipsBy is { } d && d > release ? ", ships by " + DateText.ForPeople(d) : "");

    /// <summary>Units of a placed pre-order: "Pre-order — released 12 March (2 units)".</summary>
    public static string PreOrdered(int units, DateOnly release, DateOnly? shipsBy = null) => $"{PreOrder(release, shipsBy)} ({Units(units)})";

    /// <summary>
    /// A cart line's split in a sentence: "2 in stock, 3 on backorder (ships by 12 March)", or "3 on
    /// backorder (…)" when none is on the shelf, or the pre-order label.
    /// </summary>
    public static string SplitSummary(QuantitySplit split, DateOnly? preOrderRelease = null)
    {
        if (preOrderRelease is { } release)
        {
            return PreOrder(release, split.Eta);
        }
        var waiting = $"{split.Backordered} on backorder" + (split.Eta is { } eta ? $" (ships by {DateText.ForPeople(eta)})" : "");
        return split.ShipNow > 0 ? $"{InStock(split.ShipNow)}, {waiting}" : waiting;
    }

    /// <summary>
    /// What the product page says under the quantity box once a shopper picks <paramref name="quantity"/>
    /// (empty when the badge already says it all).
    /// </summary>
    public static string QuantityHint(QuantitySplit split, int quantity, DateOnly? preOrderRelease = null)
    {
        if (preOrderRelease is { } release)
        {
            // The badge gives release day; a bigger order may wait for a delivery after it.
            return split.Eta is { } later && later > release ? $"All {quantity} ship by {DateText.ForPeople(later)}." : "";
        }
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

    // A placed order: what its units do next, from the order itself.

    /// <summary>Units of a placed order that leave with the first parcel: "1 ships now", "2 ship now".</summary>
    public static string ShipsNow(int units) => units == 1 ? "1 ships now" : $"{units} ship now";

    /// <summary>Units on the shelf of an order shipped in one parcel: "2 ship with the rest of your order by 12 March".</summary>
    public static string ShipWithTheRest(int units, DateOnly by) =>
        $"{units} {(units == 1 ? "ships" : "ship")} with the rest of your order by {DateText.ForPeople(by)}";

    /// <summary>Units of a placed order still waiting: "3 backordered — ships by 12 March".</summary>
    public static string Backordered(int units, DateOnly eta) => $"{units} backordered — ships by {DateText.ForPeople(eta)}";

    /// <summary>In the order confirmation email: "3 backordered until 12 March".</summary>
    public static string BackorderedUntil(int units, DateOnly eta) => $"{units} backordered until {DateText.ForPeople(eta)}";

    /// <summary>
    /// The allocated (or already shipped) <paramref name="units"/> of a placed line: ship now, ship with
    /// the rest of a one-parcel order by <paramref name="oneParcelBy"/>, or a pre-order's label.
    /// </summary>
    public static string OnTheShelf(OrderLine line, int units, DateOnly? oneParcelBy) =>
        line.ReleaseDate is { } release ? PreOrdered(units, release, oneParcelBy)
        : oneParcelBy is { } by ? ShipWithTheRest(units, by)
        : ShipsNow(units);

    /// <summary>
    /// An open backorder line of a placed line: its ETA, or the pre-order's label. In a one-parcel order
    /// that leaves later (<paramref name="oneParcelBy"/>), the line's own date is when it is ready, not when it ships.
    /// </summary>
    public static string Waiting(OrderLine line, BackorderLine backorder, DateOnly? oneParcelBy = null, bool email = false) =>
        line.ReleaseDate is { } release ? PreOrdered(backorder.Quantity, release, backorder.CurrentEta)
        : oneParcelBy is { } by && by > backorder.CurrentEta
            ? $"{backorder.Quantity} backordered — ready by {DateText.ForPeople(backorder.CurrentEta)}, ships with the rest of your order by {DateText.ForPeople(by)}"
        : email ? BackorderedUntil(backorder.Quantity, backorder.CurrentEta)
        : Backordered(backorder.Quantity, backorder.CurrentEta);

    /// <summary>What the units that wait on a placed line are called: "pre-ordered" or "backordered".</summary>
    public static string WaitingKind(OrderLine line) => line.IsPreOrder ? "pre-ordered" : "backordered";

    /// <summary>What the order page says of a line's units that arrived: "2 backordered units arrived and will ship soon".</summary>
    public static string Arrived(OrderLine line, int units, bool shipped, DateOnly? oneParcelBy) =>
        $"{units} {WaitingKind(line)} {(units == 1 ? "unit" : "units")} arrived" + (shipped ? ""
            : oneParcelBy is { } by ? $"; {(units == 1 ? "it ships" : "they ship")} with the rest of your order by {DateText.ForPeople(by)}"
            : line.ReleaseDate is { } release ? $" and ship on release day, {DateText.ForPeople(release)}"
            : " and will ship soon");

    /// <summary>How a placed order ships, in a sentence for the confirmation, the order page and emails; null when there is nothing to say.</summary>
    public static string? ShippingPlan(ShippingChoice choice, DateOnly? oneParcelBy) => choice switch
    {
        ShippingChoice.Together when oneParcelBy is { } by => $"Everything ships together: your whole order ships in one parcel by {DateText.ForPeople(by)}.",
        ShippingChoice.Together => "Everything ships together, in one parcel.",
        ShippingChoice.Split => "What's available ships first and the rest when it arrives, in separate parcels.",
        _ when oneParcelBy is { } by => $"Your order ships in one parcel by {DateText.ForPeople(by)}.",
        _ => null,
    };

    /// <summary>In an email's list of what is still to come.</summary>
    public static string StillToCome(DateOnly? eta, DateOnly? preOrderRelease = null) =>
        preOrderRelease is { } release ? PreOrder(release, eta)
        : eta is { } d ? $"backordered, expected to ship by {DateText.ForPeople(d)}" : "ships separately";

    /// <summary>Past the most one order may take.</summary>
    public static string UpTo(int max) => $"You can order up to {max} at a time.";

    private static string Date(DateOnly? date) => date is { } d ? DateText.ForPeople(d) : "";
}
