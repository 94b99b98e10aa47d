using System.Net;
using Microsoft.AspNetCore.Html;
using Storefront.Core.Payments;

namespace Storefront.Web.Payments;

/// <summary>
/// The strip shown on every shopper and Admin page while the store takes no real payments (ADR 0014).
/// Written by a helper rather than a partial view: both layouts render it on every request.
/// </summary>
public static class TestModeBanner
{
    private static readonly HtmlString Banner = new(
        "<div class=\"test-mode-banner bg-warning text-dark text-center small fw-semibold py-1 px-2\" role=\"status\" id=\"test-mode-banner\">"
        + WebUtility.HtmlEncode(PaymentSetup.BannerText) + "</div>");

    public static IHtmlContent For(PaymentSetup payments) => payments.NoRealCharges ? Banner : HtmlString.Empty;
}
