using System.Globalization;

namespace Storefront.Core.Common;

/// <summary>Dates written for people: "12 March 2027".</summary>
public static class DateText
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static string ForPeople(DateOnly date) => date.ToString("d MMMM yyyy", English);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
