using Storefront.Core.Orders;

namespace Storefront.Core.Shipping;

/// <summary>
/// When the parcels of a placed order leave, from the shopper's choice: the one rule the
/// confirmation, the order page, the emails and the Admin ship form all ask. An order shipped in one
/// parcel (together, or with nothing backordered) leaves when its last item can: the latest ETA of
/// what is still backordered, or a pre-order's release day still to come.
/// </summary>
public static class Parcels
{
    /// <summary>
    /// The day the single parcel of <paramref name="order"/> ships by, or null when it is split or
    /// nothing keeps it waiting. Needs the order's lines and their backorder lines.
    /// </summary>
    public static DateOnly? OneParcelBy(Order order, DateOnly today)
    {
        if (order.ShippingChoice == ShippingChoice.Split)
        {
            return null;
        }
        return LastDate(order, today);
    }

    /// <summary>
    /// The customer asked for one parcel and part of the order is still backordered: shipping what is
    /// on the shelf now would break that choice.
    /// </summary>
    public static bool HeldForTheRest(Order order) =>
        order.ShippingChoice == ShippingChoice.Together && order.Lines.Any(l => l.BackorderedQuantity > 0);

    /// <summary>The latest date anything unshipped in the order waits for; null when nothing waits.</summary>
    public static DateOnly? LastDate(Order order, DateOnly today)
    {
        DateOnly? last = null;
        foreach (var line in order.Lines)
        {
            foreach (var b in line.Backorders.Where(b => b.Status == BackorderStatus.Open && b.Quantity > 0))
            {
                last = Later(last, b.CurrentEta);
            }
            // Units on the shelf for a pre-order still leave on release day, not before.
            if (line.AllocatedQuantity > 0 && line.ReleaseDate is { } release && release > today)
            {
                last = Later(last, release);
            }
        }
        return last;
    }

    private static DateOnly Later(DateOnly? a, DateOnly b) => a is { } x && x > b ? x : b;
}
