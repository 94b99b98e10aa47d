using System.Net;
using System.Text;
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

        var text = new StringBuilder()
            .AppendLine($"We've cancelled the {kind} part of your order {order.Number} at {_store.Name}{why}.")
            .AppendLine()
            .AppendLine($"- Cancelled: {what} ({units} {kind} {unitText})")
            .AppendLine($"- Refund: {refundText}")
            .AppendLine();
        if (stillComing > 0)
        {
            text.AppendLine($"The rest of this line ({stillComing} × {line.ProductName}) is not affected.").AppendLine();
        }
        text.AppendLine("Refunds usually reach your account within 5–10 business days, depending on your bank.")
            .AppendLine()
            .AppendLine($"Your order: {url}");

        var html = new StringBuilder()
            .Append(Header())
            .Append($"<h1 style=\"font-size:20px\">Your {(line.IsPreOrder ? "pre-order" : "backorder")} is cancelled and refunded</h1>")
            .Append($"<p>We've cancelled the {kind} part of your order {E(order.Number)}{E(why)}.</p>")
            .Append("<table style=\"border-collapse:collapse;width:100%\">")
            .Append($"<tr><td style=\"padding:6px 0;border-bottom:1px solid #ddd\"><strong>Cancelled</strong><br><span style=\"color:#555\">{E(what)} ({units} {kind} {unitText})</span></td><td style=\"text-align:right;border-bottom:1px solid #ddd\"></td></tr>")
            .Append(shipping is { } sh
                ? $"<tr><td style=\"padding:6px 0\">Cancelled items</td><td style=\"text-align:right\">{E((refund - sh).ToString())}</td></tr><tr><td style=\"padding:6px 0\">Shipping (nothing is left to ship)</td><td style=\"text-align:right\">{E(sh.ToString())}</td></tr>"
                : "")
            .Append($"<tr><td style=\"padding:6px 0\"><strong>Refund</strong></td><td style=\"text-align:right\"><strong>{E(refund.ToString())}</strong></td></tr></table>");
        if (stillComing > 0)
        {
            html.Append($"<p>The rest of this line ({stillComing} × {E(line.ProductName)}) is not affected.</p>");
        }
        html.Append("<p>Refunds usually reach your account within 5–10 business days, depending on your bank.</p>")
            .Append($"<p><a href=\"{E(url)}\">View your order</a></p>").Append(Footer());
        return new MailContent($"Your {_store.Name} {(line.IsPreOrder ? "pre-order" : "backorder")} on {order.Number} is cancelled and refunded", html.ToString(), text.ToString());
    }

    private string Header() => $"<div style=\"font-family:Helvetica,Arial,sans-serif;max-width:600px;margin:auto\"><p style=\"font-size:18px;font-weight:bold\">{E(_store.Name)}</p>";

    private string Footer() => $"<p style=\"color:#777;font-size:12px\">{E(_store.Name)} · <a href=\"{E(_store.BaseUrl)}\">{E(_store.BaseUrl)}</a></p></div>";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
