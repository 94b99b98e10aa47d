using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Storefront.Core.Common;

namespace Storefront.Core.Notifications;

public enum LinkCheck
{
    Valid,
    /// <summary>Forged, tampered with, or made for another purpose.</summary>
    Invalid,
    Expired,
}

/// <summary>
/// Signed, expiring confirm and unsubscribe links. Each purpose has its own protector, so a confirm
/// token cannot be used to unsubscribe and vice versa; the payload is only the subscription id.
/// </summary>
public sealed class BackInStockLinks(IDataProtectionProvider protection, TimeProvider clock, IOptions<StoreOptions> store, IOptions<BackInStockOptions> options)
{
    private readonly ITimeLimitedDataProtector _confirm =
        protection.CreateProtector("Storefront.BackInStock.Confirm.v1").ToTimeLimitedDataProtector();
    private readonly ITimeLimitedDataProtector _unsubscribe =
        protection.CreateProtector("Storefront.BackInStock.Unsubscribe.v1").ToTimeLimitedDataProtector();

    public string ConfirmUrl(int subscriptionId) =>
        Url("/Subscriptions/Confirm", _confirm.Protect(Id(subscriptionId), clock.GetUtcNow().Add(options.Value.BackInStockConfirmLinkLifetime)));

    public string UnsubscribeUrl(int subscriptionId) =>
        Url("/Subscriptions/Unsubscribe", _unsubscribe.Protect(Id(subscriptionId), clock.GetUtcNow().Add(options.Value.BackInStockUnsubscribeLinkLifetime)));

    public LinkCheck CheckConfirm(string? token, out int subscriptionId) => Check(_confirm, token, out subscriptionId);

    public LinkCheck CheckUnsubscribe(string? token, out int subscriptionId) => Check(_unsubscribe, token, out subscriptionId);

    private LinkCheck Check(ITimeLimitedDataProtector protector, string? token, out int subscriptionId)
    {
        subscriptionId = 0;
        if (string.IsNullOrWhiteSpace(token) || token.Length > 2000)
        {
            return LinkCheck.Invalid;
        }
        try
        {
            var payload = protector.Unprotect(token, out var expiration);
            if (!payload.StartsWith("sub:", StringComparison.Ordinal) || !int.TryParse(payload.AsSpan(4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out subscriptionId))
            {
                return LinkCheck.Invalid;
            }
            // The protector checks expiry against the wall clock; the store's clock decides too (tests move it).
            return expiration < clock.GetUtcNow() ? LinkCheck.Expired : LinkCheck.Valid;
        }
        catch (CryptographicException ex) when (ex.Message.Contains("expired", StringComparison.OrdinalIgnoreCase))
        {
            return LinkCheck.Expired;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            // Not base64url, or not a payload we protected: either way, not our link.
            return LinkCheck.Invalid;
        }
    }

    private static string Id(int subscriptionId) => "sub:" + subscriptionId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string Url(string path, string token) => store.Value.Link($"{path}?t={Uri.EscapeDataString(token)}");
}
