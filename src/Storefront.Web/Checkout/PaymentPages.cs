using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Storefront.Core.Common;
using Storefront.Core.Payments;

namespace Storefront.Web.Checkout;

/// <summary>Where a payment attempt sends the shopper (on Store:BaseUrl, never the request's Host), for checkout's first attempt and the payment page's next one.</summary>
public static class PaymentPages
{
    public static string ConfirmationUrl(PageModel page, StoreOptions store, string orderNumber, string token) =>
        store.Link(page.Url.Page("/Checkout/Confirmation", null, new { number = orderNumber, t = token })!);

    public static PaymentReturnUrls ReturnUrls(PageModel page, StoreOptions store, string orderNumber, string token) =>
        new(ConfirmationUrl(page, store, orderNumber, token), store.Link(page.Url.Page("/Cart/Index")!));

    /// <summary>The store's own payment page carries the order's signed token; a provider's page is left as it is.</summary>
    public static string Target(PaymentSession session, string token) =>
        session.RedirectUrl.StartsWith('/') ? session.RedirectUrl + "?t=" + Uri.EscapeDataString(token) : session.RedirectUrl;
}
