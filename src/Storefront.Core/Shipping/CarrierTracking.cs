using Microsoft.Extensions.Options;

namespace Storefront.Core.Shipping;

/// <summary>
/// The tracking link of a parcel, from its carrier and tracking number: the carrier (as staff or a
/// warehouse system type it: "UPS", "Royal Mail", "royalmail") is matched by its letters and digits,
/// ignoring case, against <see cref="ShippingOptions.TrackingUrls"/>, where "{0}" stands for the
/// tracking number. A carrier not listed ("other") has no link.
/// </summary>
public sealed class CarrierTracking(IOptions<ShippingOptions> options)
{
    public string? UrlFor(string carrier, string trackingNumber)
    {
        if (string.IsNullOrWhiteSpace(trackingNumber))
        {
            return null;
        }
        var key = Normalise(carrier);
        var template = options.Value.TrackingUrls.FirstOrDefault(t => Normalise(t.Key) == key).Value;
        return string.IsNullOrWhiteSpace(template) || !template.Contains("{0}", StringComparison.Ordinal)
            ? null
            : template.Replace("{0}", Uri.EscapeDataString(trackingNumber.Trim()), StringComparison.Ordinal);
    }

    private static string Normalise(string? carrier) =>
        new((carrier ?? "").Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
}
