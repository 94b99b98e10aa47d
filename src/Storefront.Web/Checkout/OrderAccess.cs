using System.Security.Claims;
using Microsoft.AspNetCore.DataProtection;
using Storefront.Core.Orders;

namespace Storefront.Web.Checkout;

public enum OrderAccessResult
{
    Allowed,
    /// <summary>Not this shopper's order, or a tampered link: shown as "not found" so numbers can't be probed.</summary>
    Denied,
    Expired,
}

/// <summary>
/// Who may see an order: the signed-in account that placed it, or whoever holds the signed,
/// expiring link the store gave the buyer (guests have no account).
/// </summary>
public sealed class OrderAccess(IDataProtectionProvider protection, TimeProvider clock)
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(90);

    private readonly ITimeLimitedDataProtector _protector =
        protection.CreateProtector("Storefront.OrderAccess.v1").ToTimeLimitedDataProtector();

    public string TokenFor(string orderNumber) =>
        _protector.Protect(orderNumber, clock.GetUtcNow().Add(LinkLifetime));

    // A separate purpose: an answer token is never an order token, nor one for another line or answer.
    private readonly ITimeLimitedDataProtector _answers =
        protection.CreateProtector("Storefront.OrderAccess.DelayAnswer.v1").ToTimeLimitedDataProtector();

    /// <summary>The token of a delay email's link: one order, one backorder line, one answer, expiring like order links.</summary>
    public string AnswerTokenFor(string orderNumber, int backorderLineId, Core.Notifications.DelayAnswer answer) =>
        _answers.Protect(AnswerPayload(orderNumber, backorderLineId, answer), clock.GetUtcNow().Add(LinkLifetime));

    /// <summary>
    /// Whether <paramref name="token"/> lets this request give <paramref name="answer"/> for the line:
    /// the owner signed in, the order's own link (the order page's buttons), or the email's link for
    /// exactly this order, line and answer. <paramref name="fromEmail"/> tells which, for the record.
    /// </summary>
    public OrderAccessResult CheckAnswer(Order order, ClaimsPrincipal user, int backorderLineId, Core.Notifications.DelayAnswer answer, string? token, out bool fromEmail)
    {
        fromEmail = false;
        var asOrder = Check(order, user, token);
        if (asOrder != OrderAccessResult.Denied || string.IsNullOrEmpty(token))
        {
            return asOrder;
        }
        try
        {
            var payload = _answers.Unprotect(token, out var expiration);
            if (!string.Equals(payload, AnswerPayload(order.Number, backorderLineId, answer), StringComparison.Ordinal))
            {
                return OrderAccessResult.Denied;
            }
            fromEmail = true;
            return expiration < clock.GetUtcNow() ? OrderAccessResult.Expired : OrderAccessResult.Allowed;
        }
        catch (System.Security.Cryptography.CryptographicException ex) when (ex.Message.Contains("expired", StringComparison.OrdinalIgnoreCase))
        {
            return OrderAccessResult.Expired;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return OrderAccessResult.Denied;
        }
    }

    private static string AnswerPayload(string orderNumber, int backorderLineId, Core.Notifications.DelayAnswer answer) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{orderNumber}\n{backorderLineId}\n{answer}");

    /// <summary>
    /// Null when the page may show the order; otherwise the page's answer: 404 for someone else's
    /// order or a tampered link (numbers can't be probed), 410 for an expired link.
    /// </summary>
    public Microsoft.AspNetCore.Mvc.IActionResult? Refusal(Microsoft.AspNetCore.Mvc.RazorPages.PageModel page, Order order, string? token) =>
        Check(order, page.User, token) switch
        {
            OrderAccessResult.Allowed => null,
            OrderAccessResult.Expired => page.StatusCode(StatusCodes.Status410Gone),
            _ => page.NotFound(),
        };

    public OrderAccessResult Check(Order order, ClaimsPrincipal user, string? token)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (order.UserId is not null && userId == order.UserId)
        {
            return OrderAccessResult.Allowed;
        }
        if (string.IsNullOrEmpty(token))
        {
            return OrderAccessResult.Denied;
        }
        try
        {
            var number = _protector.Unprotect(token, out var expiration);
            if (!string.Equals(number, order.Number, StringComparison.Ordinal))
            {
                return OrderAccessResult.Denied;
            }
            return expiration < clock.GetUtcNow() ? OrderAccessResult.Expired : OrderAccessResult.Allowed;
        }
        catch (System.Security.Cryptography.CryptographicException ex) when (ex.Message.Contains("expired", StringComparison.OrdinalIgnoreCase))
        {
            return OrderAccessResult.Expired;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return OrderAccessResult.Denied;
        }
    }
}
