using System.Globalization;
using Storefront.Core.Etas;

namespace Storefront.Core.Data;

/// <summary>
/// Gives ETA changes recorded before <see cref="EtaChangeKind"/> existed the kind their staff text
/// shows, so customers read the right words about them; whatever matches none of the store's own
/// phrasings stays <see cref="EtaChangeKind.Unspecified"/> (a plain, safe sentence). The same SQL
/// runs on every provider (double-quoted names, LIKE), from each provider's migration. The phrasings
/// are the ones the store wrote before kinds existed: a migration runs this, so they never change.
/// </summary>
public static class EtaChangeKindBackfill
{
    // First match wins: a row that got a kind is not looked at again.
    private static readonly (string Pattern, EtaChangeKind Kind)[] Phrasings =
    [
        ("New delivery %", EtaChangeKind.DeliveryAdded),
        ("Delivery #% changed%", EtaChangeKind.DeliveryChanged),
        ("Delivery #% cancelled%", EtaChangeKind.DeliveryCancelled),
        ("Received %", EtaChangeKind.StockReceived),
        ("Receipt%", EtaChangeKind.StockReceived),
        ("Stock adjusted: %", EtaChangeKind.StockAdjusted),
        ("Restock date %", EtaChangeKind.RestockDateChanged),
        ("Product dates changed by staff", EtaChangeKind.ProductDatesChanged),
        ("An unpaid order ahead in the queue was released", EtaChangeKind.OrderAheadReleased),
        ("An earlier backorder in the queue was cancelled", EtaChangeKind.BackorderAheadCancelled),
    ];

    public static IEnumerable<string> Statements() => Phrasings.Select(p => string.Create(CultureInfo.InvariantCulture,
        $"UPDATE \"EtaChanges\" SET \"Kind\" = {(int)p.Kind} WHERE \"Kind\" = 0 AND \"Reason\" LIKE '{p.Pattern}'"));
}
