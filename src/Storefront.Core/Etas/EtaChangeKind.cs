namespace Storefront.Core.Etas;

/// <summary>
/// What kind of change moved a backorder line's ETA. Customers read words derived from it
/// (<see cref="EtaChangeWords.ForCustomer"/>); the staff detail (purchase orders, delivery ids,
/// notes, who) is kept beside it and shown only in Admin.
/// </summary>
public enum EtaChangeKind
{
    /// <summary>Recorded before kinds were: customers get a plain, safe sentence.</summary>
    Unspecified = 0,
    DeliveryAdded = 1,
    DeliveryRescheduled = 2,
    DeliveryQuantityChanged = 3,
    /// <summary>Both the date and the quantity of a delivery changed, or neither (a reference edit).</summary>
    DeliveryChanged = 4,
    DeliveryCancelled = 5,
    StockReceived = 6,
    StockAdjusted = 7,
    RestockDateChanged = 8,
    ProductDatesChanged = 9,
    OrderAheadReleased = 10,
    BackorderAheadCancelled = 11,

    /// <summary>Staff pinned a line to the front of the queue (a replacement, a priority order).</summary>
    BackorderPinned = 12,
    BackorderUnpinned = 13,

    /// <summary>Staff held a line aside (a review); the lines behind it move up.</summary>
    BackorderHeld = 14,
    BackorderReleased = 15,

    /// <summary>A supplier's measured lateness changed the likely date of its deliveries.</summary>
    SupplierRecord = 16,
}

/// <summary>
/// The one home of what customers read about why an ETA moved: the order page, the ETA emails and
/// anything else customer-facing. Short, honest, and never a supplier reference, delivery id, staff
/// note or name.
/// </summary>
public static class EtaChangeWords
{
    /// <summary>The sentence for one move, from its kind and its direction.</summary>
    public static string ForCustomer(EtaChangeKind kind, DateOnly oldEta, DateOnly newEta)
    {
        var later = newEta > oldEta;
        return kind switch
        {
            EtaChangeKind.DeliveryAdded => later ? "Our supplier's shipments were rescheduled" : "A new shipment from our supplier is on its way",
            EtaChangeKind.DeliveryRescheduled => later ? "Our supplier's shipment is running late" : "Our supplier's shipment is arriving earlier than planned",
            EtaChangeKind.DeliveryQuantityChanged => later ? "Our supplier is sending fewer units than expected" : "Our supplier is sending more units than expected",
            EtaChangeKind.DeliveryChanged => later ? "Our supplier's shipment changed and is running late" : "Our supplier's shipment changed and arrives earlier",
            EtaChangeKind.DeliveryCancelled => later ? "A shipment we were expecting was cancelled" : "Our supplier's shipments were rescheduled",
            EtaChangeKind.StockReceived => later ? "We received fewer units than expected" : "Stock arrived earlier than planned",
            EtaChangeKind.StockAdjusted => later ? "Our stock count changed" : "More stock became available",
            EtaChangeKind.RestockDateChanged => later ? "Our next restock is expected later than planned" : "Our next restock is expected earlier than planned",
            EtaChangeKind.ProductDatesChanged => later ? "The product's release or restock date moved later" : "The product's release or restock date moved earlier",
            EtaChangeKind.OrderAheadReleased => "A place ahead of you in the queue was released",
            EtaChangeKind.BackorderAheadCancelled => "An order ahead of you in the queue was cancelled",
            EtaChangeKind.BackorderPinned or EtaChangeKind.BackorderReleased => later
                ? "We had to send a priority order, such as a replacement, ahead of yours"
                : "Your order moved up in the queue",
            EtaChangeKind.BackorderUnpinned or EtaChangeKind.BackorderHeld => later
                ? "The queue for this item changed"
                : "A place ahead of you in the queue was freed",
            EtaChangeKind.SupplierRecord => later
                ? "Our supplier's recent deliveries have been arriving late, so we've given you a more realistic date"
                : "Our supplier's recent deliveries have been arriving on time, so we expect it sooner",
            _ => later ? "The expected date moved later" : "The expected date moved earlier",
        };
    }
}
