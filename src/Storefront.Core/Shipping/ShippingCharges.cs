using Storefront.Core.Orders;

namespace Storefront.Core.Shipping;

/// <summary>Shipping prices beyond the store's flat rate, bound from the "Shipping" configuration section.</summary>
public sealed class ShippingOptions
{
    public const string Section = "Shipping";

    /// <summary>
    /// What the second shipment of a split order costs, in minor units. Unset means the flat rate
    /// again: a split order is two shipments.
    /// </summary>
    public long? SplitShipmentExtraAmount { get; set; }

    /// <summary>
    /// Tracking link templates by carrier name or code ("{0}" = the tracking number); add or
    /// override with Shipping:TrackingUrls:&lt;Carrier&gt;. A carrier not listed gets no link.
    /// </summary>
    public Dictionary<string, string> TrackingUrls { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UPS"] = "https://www.ups.com/track?tracknum={0}",
        ["USPS"] = "https://tools.usps.com/go/TrackConfirmAction?tLabels={0}",
        ["FedEx"] = "https://www.fedex.com/fedextrack/?trknbr={0}",
        ["DHL"] = "https://www.dhl.com/global-en/home/tracking/tracking-express.html?tracking-id={0}",
        ["Royal Mail"] = "https://www.royalmail.com/track-your-item#/tracking-results/{0}",
    };
}

/// <summary>
/// The shipping charge for an order, from what ships now, what is backordered and the shopper's
/// choice. Checkout's preview and order placement both ask this, so the shopper is charged what they saw.
/// </summary>
public static class ShippingCharges
{
    /// <param name="flat">Store:FlatShippingAmount, one shipment.</param>
    /// <param name="splitExtra">Shipping:SplitShipmentExtraAmount, or the flat rate when unset.</param>
    public static long Charge(long flat, long? splitExtra, bool freeOnBackorders, bool shipsNow, bool backordered, ShippingChoice choice)
    {
        if (!backordered)
        {
            return flat;
        }
        if (choice == ShippingChoice.Split && shipsNow)
        {
            // Two shipments; the incentive pays for the second one, the one the shopper waits for.
            return flat + (freeOnBackorders ? 0 : splitExtra ?? flat);
        }
        // One shipment, when the backordered units arrive: free when the merchant offers it.
        return freeOnBackorders ? 0 : flat;
    }

    /// <summary>The choice an order is stored with: the shopper's when there is one to make.</summary>
    public static ShippingChoice Effective(bool shipsNow, bool backordered, ShippingChoice? requested) =>
        !backordered ? ShippingChoice.OneShipment
        : !shipsNow ? ShippingChoice.Together
        // A client that doesn't send the choice (an older form, an API test) keeps the old single charge.
        : requested is ShippingChoice.Split ? ShippingChoice.Split : ShippingChoice.Together;
}
