using Storefront.Core.Orders;

namespace Storefront.Core.Shipping;

/// <summary>Ship this many allocated units of one order line.</summary>
public sealed record ShipLineRequest(int OrderLineId, int Quantity);

/// <param name="ShipmentKey">Made when the ship form renders; submitting it twice ships once.</param>
/// <param name="Lines">The units to ship; null ships every allocated unit of the order.</param>
/// <param name="OverrideReason">
/// Why part of an order its customer asked to receive in one parcel ships now; required for such a
/// shipment, recorded on it, ignored otherwise.
/// </param>
public sealed record ShipRequest(
    int OrderId,
    string ShipmentKey,
    string Carrier,
    string TrackingNumber,
    string Actor,
    IReadOnlyList<ShipLineRequest>? Lines = null,
    string? OverrideReason = null);

public enum ShipOutcome
{
    Shipped,
    /// <summary>This ship form was submitted before; nothing shipped again.</summary>
    AlreadyShipped,
    Invalid,
    NotFound,
}

public sealed record ShipResult(ShipOutcome Outcome, Shipment? Shipment, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Outcome is ShipOutcome.Shipped or ShipOutcome.AlreadyShipped;

    public static ShipResult Invalid(params string[] errors) => new(ShipOutcome.Invalid, null, errors);
}
