using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using Storefront.Core.Availability;
using Storefront.Core.Catalog;
using Storefront.Core.Common;

namespace Storefront.Core.Notifications;

/// <summary>The back-in-stock emails: the double opt-in request and the alert itself, each HTML and text.</summary>
public sealed class BackInStockMessages(IOptions<StoreOptions> options)
{
    public const string ConfirmKind = "back-in-stock-confirm";
    public const string AlertKind = "back-in-stock";

    private readonly StoreOptions _store = options.Value;

    public string ProductUrl(Product product) => _store.Link($"/products/{Uri.EscapeDataString(product.Slug)}");

    public MailContent ConfirmRequest(Product product, string confirmUrl, string unsubscribeUrl)
    {
        var text = new StringBuilder()
            .AppendLine($"You asked {_store.Name} to email you when {product.Name} is back.")
            .AppendLine()
            .AppendLine("Please confirm that this is your address by opening this link:")
            .AppendLine(confirmUrl)
            .AppendLine()
            .AppendLine("If you didn't ask for this, ignore this email: without your confirmation we won't write again.")
            .AppendLine($"Never mind: {unsubscribeUrl}")
            .ToString();
        var html = new StringBuilder()
            .Append(Header())
            .Append($"<h1 style=\"font-size:20px\">Confirm your back-in-stock alert</h1>")
            .Append($"<p>You asked us to email you when <strong>{E(product.Name)}</strong> is back.</p>")
            .Append($"<p><a href=\"{E(confirmUrl)}\" style=\"display:inline-block;padding:10px 16px;background:#0d6efd;color:#fff;text-decoration:none;border-radius:4px\">Yes, email me when it's back</a></p>")
            .Append("<p style=\"color:#555\">If you didn't ask for this, ignore this email: without your confirmation we won't write again.</p>")
            .Append(Footer(unsubscribeUrl))
            .ToString();
        return new MailContent($"Confirm your {_store.Name} alert for {product.Name}", html, text);
    }

    public MailContent Alert(Product product, ProductAvailability availability, string unsubscribeUrl)
    {
        var url = ProductUrl(product);
        var news = availability.State == AvailabilityState.Backorder && availability.Eta is { } eta
            ? $"{product.Name} can be ordered again: it ships by {DateText.ForPeople(eta)}."
            : $"{product.Name} is back in stock.";
        var text = new StringBuilder()
            .AppendLine(news)
            .AppendLine($"Now: {availability.Message}. Price: {product.Price}.")
            .AppendLine()
            .AppendLine($"Order it here: {url}")
            .AppendLine()
            .AppendLine("This was a one-time alert you asked for; we won't email you about it again.")
            .AppendLine($"Unsubscribe: {unsubscribeUrl}")
            .ToString();
        var html = new StringBuilder()
            .Append(Header())
            .Append($"<h1 style=\"font-size:20px\">{E(news)}</h1>")
            .Append($"<p>Now: <strong>{E(availability.Message)}</strong>. Price: {E(product.Price.ToString())}.</p>")
            .Append($"<p><a href=\"{E(url)}\" style=\"display:inline-block;padding:10px 16px;background:#0d6efd;color:#fff;text-decoration:none;border-radius:4px\">See {E(product.Name)}</a></p>")
            .Append("<p style=\"color:#555\">This was a one-time alert you asked for; we won't email you about it again.</p>")
            .Append(Footer(unsubscribeUrl))
            .ToString();
        return new MailContent($"Back at {_store.Name}: {product.Name}", html, text);
    }

    private string Header() => $"<div style=\"font-family:Helvetica,Arial,sans-serif;max-width:600px;margin:auto\"><p style=\"font-size:18px;font-weight:bold\">{E(_store.Name)}</p>";

    private string Footer(string unsubscribeUrl) =>
        $"<p style=\"color:#777;font-size:12px\">{E(_store.Name)} · <a href=\"{E(_store.BaseUrl)}\">{E(_store.BaseUrl)}</a> · <a href=\"{E(unsubscribeUrl)}\">Unsubscribe</a></p></div>";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
