using Storefront.Core.Shipping;

namespace Storefront.Core.Inventory;

public enum StockChangeKind
{
    InitialCount = 0,
    Receipt = 1,
    Adjustment = 2,
    Shipment = 3,
}

/// <summary>One row per change of on-hand units; the ledger of a product sums to its on hand.</summary>
public class StockLedgerEntry
{
    public long Id { get; set; }
    public int ProductId { get; set; }
    public StockChangeKind Kind { get; set; }

    /// <summary>Change of on-hand units (positive in, negative out).</summary>
    public int Quantity { get; set; }

    public required string Reason { get; set; }
    public required string Actor { get; set; }
    public DateTime CreatedAt { get; set; }
    public int? DeliveryId { get; set; }
    public int? OrderId { get; set; }
}
