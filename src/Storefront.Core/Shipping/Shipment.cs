using Storefront.Core.Orders;

namespace Storefront.Core.Shipping;

/// <summary>A parcel that left the warehouse: which allocated units of an order went, with whom, and when.</summary>
public class Shipment
{
    public int Id { get; set; }
    public int OrderId { get; set; }

    /// <summary>Made when the ship form renders; a double submit finds this shipment instead of shipping twice.</summary>
    public required string ShipmentKey { get; set; }

    public required string Carrier { get; set; }
    public required string TrackingNumber { get; set; }
    public DateTime ShippedAt { get; set; }
    public required string ShippedBy { get; set; }

    /// <summary>
    /// Why staff shipped part of an order its customer asked to receive in one parcel; null for a
    /// shipment that kept to the customer's choice.
    /// </summary>
    public string? OverrideReason { get; set; }

    public List<ShipmentLine> Lines { get; set; } = [];
}

public class ShipmentLine
{
    public int Id { get; set; }
    public int ShipmentId { get; set; }
    public int OrderLineId { get; set; }
    public int ProductId { get; set; }
    public int Quantity { get; set; }
}
