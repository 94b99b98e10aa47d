using Microsoft.Extensions.Options;
using Storefront.Core.Availability;
using Storefront.Core.Common;
using Storefront.Core.Orders;

namespace Storefront.Core.Notifications;

/// <summary>The "backorder cancelled and refunded" email, HTML and plain text, in the same layout as <see cref="CustomerMessages"/>.</summary>
public sealed class CancellationMessages(IOptions<StoreOptions> options, IOrderLinks links)
{
    private readonly StoreOptions _store = options.Value;

    /// <param name="refund">Everything this cancellation refunds.</param>
    /// <param name="shipping">The part of <paramref name="refund"/> that is the shipping charge, when nothing is left to ship.</param>
    /// <param name="because">Why, when the customer did not ask for it themselves (", as asked" otherwise).</param>
    public MailContent BackorderCancelled(Order order, OrderLine line, int units, Money refund, Money? shipping = null, string? because = null)
    {
        var why = because is null ? ", as asked" : " " + because;
        var refundText = shipping is { } s
            ? $"{refund} to the payment method you used: {refund - s} for the cancelled items and {s} for shipping, as nothing is left to ship"
            : $"{refund} to the payment method you used";
        var url = links.OrderUrl(order.Number);
        var what = $"{units} × {line.ProductName}";
        var unitText = units == 1 ? "unit" : "units";
        var stillComing = line.AllocatedQuantity + line.ShippedQuantity + line.BackorderedQuantity;
        var kind = AvailabilityText.WaitingKind(line);

        var rows = new List<(string, string, Money?)> { ("Cancelled", $"{what} ({units} {kind} {unitText})", line.UnitPrice.Times(units)) };
        if (shipping is { } sh)
        {
            rows.Add(("Shipping (nothing is left to ship)", "", sh));
        }
        var mail = new MailLayout(_store)
            .Heading($"Your {(line.IsPreOrder ? "pre-order" : "backorder")} is cancelled and refunded")
            .Paragraph($"We've cancelled the {kind} part of your order {order.Number}{why}.")
            .Button("View your order", url)
            .PricedItems(rows, ("Refund total", refund))
            .Facts([("Refund", refundText)]);
        if (stillComing > 0)
        {
            mail.Paragraph($"The rest of this line ({stillComing} × {line.ProductName}) is not affected.");
        }
        return mail.Paragraph("Refunds usually reach your account within 5–10 business days, depending on your bank.")
            .ShipsTo(MailLayout.Address(order))
            .Build($"Your {_store.Name} {(line.IsPreOrder ? "pre-order" : "backorder")} on {order.Number} is cancelled and refunded");
    }
}
