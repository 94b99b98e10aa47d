using System.Globalization;

namespace Storefront.Core.Common;

/// <summary>An amount in the currency's minor unit (cents for USD, yen for JPY).</summary>
public readonly record struct Money(long Amount, string Currency)
{
    // Looked up once: CultureInfo.GetCultureInfo takes a process-wide lock on every call, and a
    // catalog page writes two dozen prices per request (measured as lock contention under load).
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    public static Money Zero(string currency) => new(0, currency);

    public static Money operator +(Money a, Money b)
    {
        EnsureSameCurrency(a, b);
        return new Money(a.Amount + b.Amount, a.Currency);
    }

    public static Money operator -(Money a, Money b)
    {
        EnsureSameCurrency(a, b);
        return new Money(a.Amount - b.Amount, a.Currency);
    }

    public Money Times(int quantity) => new(checked(Amount * quantity), Currency);

    /// <summary>Digits after the decimal point; zero-decimal currencies must not be divided by 100.</summary>
    public static int MinorDigits(string currency) => currency.ToUpperInvariant() switch
    {
        "JPY" or "KRW" or "VND" or "CLP" or "ISK" or "UGX" or "XAF" or "XOF" or "PYG" or "RWF" => 0,
        "BHD" or "KWD" or "OMR" or "JOD" or "TND" => 3,
        _ => 2,
    };

    public decimal ToDecimal()
    {
        var digits = MinorDigits(Currency);
        decimal value = Amount;
        for (var i = 0; i < digits; i++)
        {
            value /= 10m;
        }
        return value;
    }

    /// <summary>The amount as plain digits with the currency's decimals and a point ("12.34", "1200" for yen): what feeds and structured data read.</summary>
    public string ToInvariantString() => ToDecimal().ToString("F" + MinorDigits(Currency), CultureInfo.InvariantCulture);

    public override string ToString() => Format(English);

    public string Format(CultureInfo culture)
    {
        var digits = MinorDigits(Currency);
        var symbol = Currency.ToUpperInvariant() switch
        {
            "USD" => "$",
            "EUR" => "€",
            "GBP" => "£",
            "JPY" => "¥",
            _ => Currency.ToUpperInvariant() + " ",
        };
        return symbol + ToDecimal().ToString("N" + digits, culture);
    }

    private static void EnsureSameCurrency(Money a, Money b)
    {
        if (!string.Equals(a.Currency, b.Currency, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Cannot combine {a.Currency} and {b.Currency}.");
        }
    }
}
