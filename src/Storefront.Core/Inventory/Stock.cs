namespace Storefront.Core.Inventory;

/// <summary>
/// One row per product. Every change is a single conditional UPDATE so that concurrent checkouts,
/// receipts and adjustments never oversell (see <see cref="InventoryEngine"/>).
/// </summary>
public class Stock
{
    public int ProductId { get; set; }

    /// <summary>Physical units in the warehouse, not yet shipped.</summary>
    public int OnHand { get; set; }

    /// <summary>On-hand units promised to order lines.</summary>
    public int Allocated { get; set; }

    /// <summary>Open backordered units waiting in the product's queue (kept in step with the backorder lines).</summary>
    public int Backordered { get; set; }

    public int Available => OnHand - Allocated;
}
