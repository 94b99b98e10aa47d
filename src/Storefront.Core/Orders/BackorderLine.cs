using Storefront.Core.Etas;

namespace Storefront.Core.Orders;

public enum BackorderStatus
{
    Open = 0,
    Filled = 1,
    Cancelled = 2,
}

/// <summary>
/// The part of an order line that could not be allocated when the order was placed. It waits in its
/// product's queue, ordered by <see cref="PlacedAt"/> then <see cref="Id"/> (first in, first out).
/// </summary>
public class BackorderLine
{
    public int Id { get; set; }
    public int OrderLineId { get; set; }
    public OrderLine? OrderLine { get; set; }
    public int OrderId { get; set; }
    public Order? Order { get; set; }
    public int ProductId { get; set; }

    /// <summary>When the order was placed: the queue key.</summary>
    public DateTime PlacedAt { get; set; }

    /// <summary>Units backordered when the order was placed.</summary>
    public int OriginalQuantity { get; set; }

    /// <summary>Units still waiting.</summary>
    public int Quantity { get; set; }
    public int FilledQuantity { get; set; }
    public int CancelledQuantity { get; set; }

    public BackorderStatus Status { get; set; }

    /// <summary>The ETA the shopper accepted at purchase.</summary>
    public DateOnly PromisedEta { get; set; }
    public DateOnly CurrentEta { get; set; }

    public DateTime? FilledAt { get; set; }

    /// <summary>When the units of a filled line left the warehouse; compared with <see cref="PromisedEta"/> for ETA accuracy.</summary>
    public DateTime? ShippedAt { get; set; }

    public List<EtaChange> EtaChanges { get; set; } = [];

    /// <summary>
    /// The latest date the customer accepted, by silence or by saying so, when a delay moved it past
    /// <see cref="PromisedEta"/>; null while the promise at purchase stands. A later date than this is a new delay.
    /// </summary>
    public DateOnly? AcceptedEta { get; set; }

    /// <summary>The date a delay is measured against: the last one the customer accepted.</summary>
    public DateOnly Promise => AcceptedEta ?? PromisedEta;

    public ConsentState Consent { get; set; }

    /// <summary>When <see cref="Consent"/> is Required: by when the customer must answer.</summary>
    public DateTime? ConsentDeadline { get; set; }

    public DateTime? ConsentAskedAt { get; set; }
    public DateTime? ConsentRemindedAt { get; set; }

    /// <summary>Delays past the accepted date the customer was told about.</summary>
    public int Delays { get; set; }

    /// <summary>No delivery or restock date covers the line: it has no honest date (it keeps its last one on show).</summary>
    public bool Undated { get; set; }

    /// <summary>Staff moved the line to the front of its product's queue (a replacement, a VIP) at this time.</summary>
    public DateTime? PinnedAt { get; set; }

    /// <summary>Staff hold the line (fraud review, an address problem): the fill skips it until released.</summary>
    public DateTime? HeldAt { get; set; }

    public List<BackorderEvent> Events { get; set; } = [];

    /// <summary>A new line at the back of its product's queue, promised <paramref name="eta"/>.</summary>
    public static BackorderLine Open(int productId, DateTime placedAt, int quantity, DateOnly eta) => new()
    {
        ProductId = productId,
        PlacedAt = placedAt,
        OriginalQuantity = quantity,
        Quantity = quantity,
        Status = BackorderStatus.Open,
        PromisedEta = eta,
        CurrentEta = eta,
    };
}

/// <summary>
/// Every change of a backorder line's ETA: what kind of change it was (customers read words made
/// from it), and for staff only who made it and the detail (<see cref="Reason"/>).
/// </summary>
public class EtaChange
{
    public long Id { get; set; }
    public int BackorderLineId { get; set; }
    public DateOnly OldEta { get; set; }
    public DateOnly NewEta { get; set; }
    public DateTime ChangedAt { get; set; }
    public EtaChangeKind Kind { get; set; }

    /// <summary>Staff only: who made the change (a name, an API key, or the system with an order number).</summary>
    public required string ChangedBy { get; set; }

    /// <summary>Staff only: the detail, with supplier references, delivery ids and notes. Never shown to customers.</summary>
    public required string Reason { get; set; }

    /// <summary>What the customer reads about this change.</summary>
    public string CustomerReason => EtaChangeWords.ForCustomer(Kind, OldEta, NewEta);
}
