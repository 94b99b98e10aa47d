using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using Storefront.Core.Common;
using Storefront.Core.Notifications;

namespace Storefront.Core.Incentives;

/// <summary>The words for incentives in customer emails: the apology email, and the note the confirmation email carries.</summary>
public sealed class IncentiveMessages(IOptions<StoreOptions> options, IOrderLinks links)
{
    private readonly StoreOptions _store = options.Value;

    /// <summary>One sentence for the order confirmation: the next-purchase code, with what it gives and until when.</summary>
    public static string NextPurchaseNote(IncentiveCode code) =>
        $"Thank you for waiting for your backordered items. Here is {IncentiveCodes.Describe(code)}: use code {IncentiveCodes.Format(code.Code)} at checkout by {DateText.ForPeople(DateOnly.FromDateTime(code.ExpiresAt))}.";

    public MailContent Apology(string orderNumber, string productName, DateOnly promised, DateOnly now, IncentiveCode code)
    {
        var url = links.OrderUrl(orderNumber);
        var describe = IncentiveCodes.Describe(code);
        var formatted = IncentiveCodes.Format(code.Code);
        var until = DateText.ForPeople(DateOnly.FromDateTime(code.ExpiresAt));
        var text = new StringBuilder()
            .AppendLine($"We're sorry: {productName} on your order {orderNumber} is now expected to ship by {DateText.ForPeople(now)}, later than the {DateText.ForPeople(promised)} we promised.")
            .AppendLine()
            .AppendLine($"As an apology, here is {describe}: use code {formatted} at checkout by {until}. It can be used once.")
            .AppendLine()
            .AppendLine("You can still cancel the backordered items for a full refund any time before they ship.")
            .AppendLine($"Your order: {url}");
        var html = new StringBuilder()
            .Append($"<div style=\"font-family:Helvetica,Arial,sans-serif;max-width:600px;margin:auto\"><p style=\"font-size:18px;font-weight:bold\">{E(_store.Name)}</p>")
            .Append($"<h1 style=\"font-size:20px\">Sorry for the wait</h1>")
            .Append($"<p>{E(productName)} on your order {E(orderNumber)} is now expected to ship by <strong>{E(DateText.ForPeople(now))}</strong>, later than the {E(DateText.ForPeople(promised))} we promised.</p>")
            .Append($"<p>As an apology, here is {E(describe)}: use code <strong style=\"font-family:monospace;font-size:16px\">{E(formatted)}</strong> at checkout by {E(until)}. It can be used once.</p>")
            .Append("<p>You can still cancel the backordered items for a full refund any time before they ship.</p>")
            .Append($"<p><a href=\"{E(url)}\">View your order</a></p>")
            .Append($"<p style=\"color:#777;font-size:12px\">{E(_store.Name)} · <a href=\"{E(_store.BaseUrl)}\">{E(_store.BaseUrl)}</a></p></div>");
        return new MailContent($"Sorry, your {_store.Name} order {orderNumber} is delayed: here's a code", html.ToString(), text.ToString());
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
