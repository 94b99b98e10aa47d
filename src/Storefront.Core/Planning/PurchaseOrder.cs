using Storefront.Core.Inventory;
using Storefront.Core.Suppliers;

namespace Storefront.Core.Planning;

public enum PurchaseOrderStatus
{
    /// <summary>Lines still expected (some may have arrived).</summary>
    Open = 0,
    /// <summary>Every line received or cancelled.</summary>
    Closed = 1,
    /// <summary>Cancelled by staff: every line not yet received was cancelled with it.</summary>
    Cancelled = 2,
}

/// <summary>
/// One order to one supplier for many products. Each line is an <see cref="InboundDelivery"/>, so a
/// line's date and quantity make backorder ETAs exactly as any delivery does, and a line is received
/// like any delivery.
/// </summary>
public class PurchaseOrder
{
    public const int NumberMaxLength = 32;
    public const int NoteMaxLength = 500;

    public int Id { get; set; }

    /// <summary>"PO-000042": what staff quote to the supplier and what each line's supplier reference says.</summary>
    public required string Number { get; set; }

    public int SupplierId { get; set; }
    public Supplier? Supplier { get; set; }

    public PurchaseOrderStatus Status { get; set; }
    public string Note { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime? CancelledAt { get; set; }

    public List<InboundDelivery> Lines { get; set; } = [];

    public static string NumberFor(int id) => $"PO-{id:D6}";
}
