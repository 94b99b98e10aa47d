using System.Net;
using System.Text;
using Storefront.Core.Common;

namespace Storefront.Core.Notifications;

/// <summary>
/// Writes one customer email as HTML and plain text side by side, so both parts always say the same
/// thing in the same order, under the store's name and with its address at the foot.
/// </summary>
public sealed class MailLayout
{
    private readonly string _storeName;
    private readonly string _baseUrl;
    private readonly StringBuilder _html = new();
    private readonly StringBuilder _text = new();

    public MailLayout(StoreOptions store)
    {
        _storeName = store.Name;
        _baseUrl = store.BaseUrl;
        _html.Append("<div style=\"font-family:Helvetica,Arial,sans-serif;max-width:600px;margin:auto\">");
        if (string.IsNullOrWhiteSpace(store.LogoUrl))
        {
            _html.Append($"<p style=\"font-size:18px;font-weight:bold\">{E(store.Name)}</p>");
        }
        else
        {
            // "/media/logo.png" parses as an absolute file URI on Linux: only a web address counts as absolute.
            var logo = Uri.TryCreate(store.LogoUrl, UriKind.Absolute, out var absolute) && absolute.Scheme is "https" or "http"
                ? absolute.ToString() : store.Link(store.LogoUrl);
            _html.Append($"<p><img src=\"{E(logo)}\" alt=\"{E(store.Name)}\" height=\"40\" style=\"height:40px;max-width:100%;border:0\"></p>");
        }
    }

    public MailLayout Heading(string text)
    {
        _html.Append($"<h1 style=\"font-size:20px\">{E(text)}</h1>");
        _text.AppendLine(text).AppendLine(new string('=', Math.Min(text.Length, 70))).AppendLine();
        return this;
    }

    public MailLayout Paragraph(string text)
    {
        _html.Append($"<p>{E(text)}</p>");
        _text.AppendLine(text).AppendLine();
        return this;
    }

    /// <summary>
    /// The order's lines with their prices (the one place an email prints them): "2 × Copper Kettle",
    /// a detail line and the price on the right; <paramref name="total"/> adds a bold last row.
    /// </summary>
    public MailLayout PricedItems(IEnumerable<(string Item, string Detail, Money? Price)> rows, (string Label, Money Amount)? total = null)
    {
        const string Cell = "padding:6px 0;border-bottom:1px solid #ddd";
        _html.Append("<table style=\"border-collapse:collapse;width:100%\">");
        foreach (var (item, detail, price) in rows)
        {
            var under = string.IsNullOrEmpty(detail) ? "" : $"<br><span style=\"color:#555\">{E(detail)}</span>";
            _html.Append($"<tr><td style=\"{Cell}\"><strong>{E(item)}</strong>{under}</td><td style=\"{Cell};text-align:right;vertical-align:top;white-space:nowrap;padding-left:8px\">{E(price?.ToString() ?? "")}</td></tr>");
            var priced = price is { } p ? $"{item} ({p})" : item;
            _text.AppendLine(string.IsNullOrEmpty(detail) ? $"- {priced}" : $"- {priced}: {detail}");
        }
        if (total is var (label, amount))
        {
            _html.Append($"<tr><td style=\"padding:6px 0\"><strong>{E(label)}</strong></td><td style=\"padding:6px 0;text-align:right;white-space:nowrap\"><strong>{E(amount.ToString())}</strong></td></tr>");
            _text.AppendLine($"{label}: {amount}");
        }
        _html.Append("</table>");
        _text.AppendLine();
        return this;
    }

    /// <summary>Where the order goes ("Ships to: …"); nothing when the order has no address.</summary>
    public MailLayout ShipsTo(string? address) =>
        string.IsNullOrWhiteSpace(address) ? this : Facts([("Ships to", address)]);

    /// <summary>A shipping address on one line, as the customer typed it: "A Customer, 1 High Street, Springfield 12345, US".</summary>
    public static string Address(string name, string line1, string? line2, string city, string postalCode, string country) =>
        string.Join(", ", new[] { name, line1, line2, city + " " + postalCode, country }
            .Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()));

    public static string Address(Orders.Order order) =>
        Address(order.ShippingName, order.AddressLine1, order.AddressLine2, order.City, order.PostalCode, order.Country);

    /// <summary>Label/value pairs such as the carrier and tracking number.</summary>
    public MailLayout Facts(IEnumerable<(string Label, string Value)> facts)
    {
        _html.Append("<p>");
        var first = true;
        foreach (var (label, value) in facts)
        {
            _html.Append(first ? "" : "<br>").Append($"{E(label)}: <strong>{E(value)}</strong>");
            _text.AppendLine($"{label}: {value}");
            first = false;
        }
        _html.Append("</p>");
        _text.AppendLine();
        return this;
    }

    /// <summary>A sentence that leads to a link; the text part prints the address after it.</summary>
    public MailLayout Link(string sentence, string url)
    {
        _html.Append($"<p><a href=\"{E(url)}\">{E(sentence)}</a></p>");
        _text.AppendLine($"{sentence}: {url}").AppendLine();
        return this;
    }

    /// <summary>A button-styled link (the primary action filled, a secondary one outlined); the text part prints the address.</summary>
    public MailLayout Button(string label, string url, bool primary = true)
    {
        var style = primary
            ? "display:inline-block;padding:10px 18px;background:#0d6efd;color:#fff;border-radius:6px;text-decoration:none;font-weight:bold"
            : "display:inline-block;padding:9px 17px;border:1px solid #6c757d;color:#333;border-radius:6px;text-decoration:none";
        _html.Append($"<p style=\"margin:8px 0\"><a href=\"{E(url)}\" style=\"{style}\">{E(label)}</a></p>");
        _text.AppendLine($"{label}: {url}").AppendLine();
        return this;
    }

    public MailContent Build(string subject)
    {
        var html = new StringBuilder(_html.Length + 200).Append(_html)
            .Append($"<p style=\"color:#777;font-size:12px\">{E(_storeName)} · <a href=\"{E(_baseUrl)}\">{E(_baseUrl)}</a></p></div>");
        var text = new StringBuilder(_text.Length + 100).Append(_text).AppendLine("--").AppendLine($"{_storeName} · {_baseUrl}");
        return new MailContent(subject, html.ToString(), text.ToString());
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
