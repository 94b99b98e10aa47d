using System.Globalization;
using Storefront.Core.Common;

namespace Storefront.Core.Catalog;

/// <summary>Prices typed by people ("19.99") to minor units and back, for any currency's number of decimals.</summary>
public static class PriceText
{
    /// <summary>The most a single unit may cost: one million in the major unit.</summary>
    public const long MaxMajorUnits = 1_000_000;

    /// <summary>Reads a typed price; on failure <paramref name="error"/> is set for the <see cref="ProductDraft.Price"/> field.</summary>
    public static bool TryParse(string? text, string currency, out long amount, out ValidationError error)
    {
        amount = 0;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            error = Error(ValidationCodes.Required, "Enter a price, for example 19.99.");
            return false;
        }
        if (!decimal.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            error = Error(ValidationCodes.Format, $"\"{Shorten(trimmed)}\" is not a price. Enter a number such as 19.99 (digits and a decimal point only).");
            return false;
        }
        if (value < 0)
        {
            error = Error(ValidationCodes.OutOfRange, "The price cannot be negative.");
            return false;
        }
        if (value > MaxMajorUnits)
        {
            error = Error(ValidationCodes.OutOfRange, string.Create(CultureInfo.InvariantCulture, $"The price cannot be more than {MaxMajorUnits:N0}."));
            return false;
        }
        var digits = Money.MinorDigits(currency);
        var scaled = value;
        for (var i = 0; i < digits; i++)
        {
            scaled *= 10m;
        }
        if (scaled != decimal.Truncate(scaled))
        {
            error = Error(ValidationCodes.TooManyDecimals, digits == 0
                ? $"{currency} prices have no decimals."
                : $"{currency} prices have at most {digits} decimals.");
            return false;
        }
        amount = (long)scaled;
        error = default;
        return true;
    }

    public static string Format(long amount, string currency) =>
        new Money(amount, currency).ToDecimal().ToString("F" + Money.MinorDigits(currency), CultureInfo.InvariantCulture);

    private static ValidationError Error(string code, string message) => new(nameof(ProductDraft.Price), code, message);

    private static string Shorten(string s) => s.Length <= 20 ? s : s[..20] + "…";
}
