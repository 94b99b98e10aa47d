using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using Storefront.Core.Common;
using Storefront.Core.Orders;

namespace Storefront.Core.Notifications;

/// <summary>Links customers follow from their emails; the web app signs them so guests need no account.</summary>
public interface IOrderLinks
{
    string OrderUrl(string orderNumber);
}

/// <summary>Renders the customer emails, each as HTML and plain text with the store's name and links back.</summary>
public sealed class CustomerMessages(IOptions<StoreOptions> options, IOrderLinks links)
{
    private readonly StoreOptions _store = options.Value;

    public MailContent OrderConfirmed(Order order, long charged, string? incentiveNote = null)
    {
        var url = links.OrderUrl(order.Number);
        var rows = order.Lines.Select(line =>
        {
            var shipNow = line.AllocatedQuantity + line.ShippedQuantity;
            var parts = new List<string>();
            if (shipNow > 0)
            {
                parts.Add($"{shipNow} ships now");
            }
            parts.AddRange(line.Backorders.Where(b => b.Status == BackorderStatus.Open)
                .Select(b => $"{b.Quantity} backordered until {DateText.ForPeople(b.CurrentEta)}"));
            return (Name: $"{line.Quantity} × {line.ProductName}", Detail: string.Join("; ", parts), Total: line.LineTotal.ToString());
        }).ToList();
        var total = new Money(charged, order.Currency).ToString();
        var anyBackorder = order.Lines.Any(l => l.BackorderedQuantity > 0);

        var text = new StringBuilder()
            .AppendLine($"Thank you for your order {order.Number} at {_store.Name}.")
            .AppendLine();
        foreach (var row in rows)
        {
            text.AppendLine($"- {row.Name} ({row.Total}): {row.Detail}");
        }
        text.AppendLine().AppendLine($"Amount charged: {total}");
        if (anyBackorder)
        {
            text.AppendLine().AppendLine("Backordered items ship by the date shown. We'll email you if that date changes, and you can cancel them for a full refund any time before they ship.");
        }
        if (incentiveNote is not null)
        {
            text.AppendLine().AppendLine(incentiveNote);
        }
        text.AppendLine().AppendLine($"Your order: {url}");

        var html = new StringBuilder()
            .Append(Header())
            .Append($"<h1 style=\"font-size:20px\">Thank you for your order {E(order.Number)}</h1>")
            .Append("<table style=\"border-collapse:collapse;width:100%\">");
        foreach (var row in rows)
        {
            html.Append($"<tr><td style=\"padding:6px 0;border-bottom:1px solid #ddd\"><strong>{E(row.Name)}</strong><br><span style=\"color:#555\">{E(row.Detail)}</span></td><td style=\"text-align:right;border-bottom:1px solid #ddd\">{E(row.Total)}</td></tr>");
        }
        html.Append($"<tr><td style=\"padding:6px 0\"><strong>Amount charged</strong></td><td style=\"text-align:right\"><strong>{E(total)}</strong></td></tr></table>");
        if (anyBackorder)
        {
            html.Append("<p>Backordered items ship by the date shown. We'll email you if that date changes, and you can cancel them for a full refund any time before they ship.</p>");
        }
        if (incentiveNote is not null)
        {
            html.Append($"<p><strong>{E(incentiveNote)}</strong></p>");
        }
        html.Append($"<p><a href=\"{E(url)}\">View your order</a></p>").Append(Footer());
        return new MailContent($"Your {_store.Name} order {order.Number} is confirmed", html.ToString(), text.ToString());
    }

    private string Header() => $"<div style=\"font-family:Helvetica,Arial,sans-serif;max-width:600px;margin:auto\"><p style=\"font-size:18px;font-weight:bold\">{E(_store.Name)}</p>";

    private string Footer() => $"<p style=\"color:#777;font-size:12px\">{E(_store.Name)} · <a href=\"{E(_store.BaseUrl)}\">{E(_store.BaseUrl)}</a></p></div>";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
