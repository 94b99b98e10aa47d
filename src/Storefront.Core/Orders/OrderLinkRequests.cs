using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;
using Storefront.Core.Notifications;

namespace Storefront.Core.Orders;

/// <summary>
/// "Find my order": a guest who lost the email gives the order's email address and number, and the
/// order's signed link is emailed to the address the order was placed with. The caller always shows
/// the same answer; whether anything matched is known only to the owner of that mailbox, so the form
/// cannot be used to learn which orders or addresses exist (ADR 0023).
/// </summary>
public sealed class OrderLinkRequests(StorefrontDbContext db, Outbox outbox, CustomerMessages messages)
{
    /// <summary>Longest order number the form takes ("SF-" and eight characters; some room for spaces).</summary>
    public const int MaxNumberLength = 32;

    /// <summary>Emails the order's link when the number and the address belong together; does nothing (and says nothing) otherwise.</summary>
    /// <returns>True when a link was queued (for tests and logs only: never shown to the asker).</returns>
    public async Task<bool> RequestAsync(string email, string orderNumber, CancellationToken ct = default)
    {
        var number = Normalize(orderNumber);
        var typed = email.Trim();
        // One lookup by number whatever was typed; the address is compared after, so a wrong address
        // costs the same query as a right one.
        var order = await db.Orders.AsNoTracking()
            .Where(o => o.Number == number)
            .Include(o => o.Lines)
            .FirstOrDefaultAsync(ct);
        if (order is null || !string.Equals(order.Email.Trim(), typed, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        outbox.Enqueue(MessageKinds.OrderLink, order.Email, messages.OrderLink(order.Number,
            [.. order.Lines.Select(l => new OrderItem(l.ProductName, l.Quantity, l.ReleaseDate, l.UnitPrice))], MailLayout.Address(order)), order.Id);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Order numbers as printed ("SF-ABCD2345"), forgiving of case, spaces and a leading '#'.</summary>
    public static string Normalize(string orderNumber) =>
        orderNumber.Trim().TrimStart('#').Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
}
