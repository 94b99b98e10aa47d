using Storefront.Core.Common;

namespace Storefront.Core.Orders;

/// <summary>
/// Quantity = Allocated + Shipped + Backordered + Cancelled, always.
/// </summary>
public class OrderLine
{
    public int Id { get; set; }
    public int OrderId { get; set; }
    public Order? Order { get; set; }

    public int ProductId { get; set; }
    public required string Sku { get; set; }
    public required string ProductName { get; set; }

    /// <summary>Unit price taken from the catalog when the order was placed.</summary>
    public long UnitPriceAmount { get; set; }
    public string Currency { get; set; } = "USD";
    public Money UnitPrice => new(UnitPriceAmount, Currency);
    public Money LineTotal => UnitPrice.Times(Quantity);

    public int Quantity { get; set; }

    /// <summary>Units promised from on hand, not yet shipped.</summary>
    public int AllocatedQuantity { get; set; }
    public int ShippedQuantity { get; set; }

    /// <summary>Units waiting in the backorder queue.</summary>
    public int BackorderedQuantity { get; set; }
    public int CancelledQuantity { get; set; }

    /// <summary>
    /// Set when the line was sold as a pre-order: the product's release day, kept in step when staff
    /// move it. A pre-order stays a pre-order on every page and email, never "backorder".
    /// </summary>
    public DateOnly? ReleaseDate { get; set; }

    public bool IsPreOrder => ReleaseDate is not null;

    public List<BackorderLine> Backorders { get; set; } = [];
}
