using Microsoft.Extensions.Options;
using Storefront.Core.Common;
using Storefront.Core.Notifications;
using Storefront.Web.Checkout;

namespace Storefront.Web.Notifications;

public static class NotificationsExtensions
{
    /// <summary>What emails need from the web: links to the order page.</summary>
    public static WebApplicationBuilder AddNotificationsWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<IOrderLinks, OrderLinks>();
        return builder;
    }
}

/// <summary>Signed, expiring links to the order page (/Orders/{number}) on the store's public address.</summary>
public sealed class OrderLinks(OrderAccess access, IOptions<StoreOptions> store) : IOrderLinks
{
    public string OrderUrl(string orderNumber) =>
        store.Value.Link($"/Orders/{Uri.EscapeDataString(orderNumber)}?t={Uri.EscapeDataString(access.TokenFor(orderNumber))}");

    public string DelayAnswerUrl(string orderNumber, int backorderLineId, DelayAnswer answer) =>
        store.Value.Link(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"/Orders/{Uri.EscapeDataString(orderNumber)}/Delay/{backorderLineId}?a={answer.ToString().ToLowerInvariant()}&t={Uri.EscapeDataString(access.AnswerTokenFor(orderNumber, backorderLineId, answer))}"));
}
