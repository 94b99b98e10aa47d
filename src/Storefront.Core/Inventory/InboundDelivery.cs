using Storefront.Core.Catalog;
using Storefront.Core.Suppliers;

namespace Storefront.Core.Inventory;

public enum DeliveryStatus
{
    Scheduled = 0,
    Received = 1,
    Cancelled = 2,
}

/// <summary>Units expected from a supplier on a date (a purchase order or advance shipping notice).</summary>
public class InboundDelivery
{
    public int Id { get; set; }
    public int ProductId { get; set; }
    public Product? Product { get; set; }

    public int Quantity { get; set; }
    public int ReceivedQuantity { get; set; }
    public DateOnly ExpectedDate { get; set; }
    public int? SupplierId { get; set; }
    public Supplier? Supplier { get; set; }
    public string SupplierReference { get; set; } = "";
    /// <summary>The purchase order this delivery is a line of, if any.</summary>
    public int? PurchaseOrderId { get; set; }
    public DeliveryStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReceivedAt { get; set; }

    public int Outstanding => Status == DeliveryStatus.Scheduled ? Math.Max(0, Quantity - ReceivedQuantity) : 0;
}
