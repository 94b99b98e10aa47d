using Storefront.Core.Common;

namespace Storefront.Core.Catalog;

/// <summary>
/// The one bound on every date staff or an integration enter: a restock date, a delivery's expected
/// date, a product's release date (ADR 0013). A date a promise is made from (restock, delivery) runs
/// from the store's today to <see cref="YearsAhead"/> years ahead; a release date may also lie up to
/// <see cref="YearsBack"/> years back (an old release date only means "released"). "Today" is the
/// store clock's UTC date. Beyond the window a date is a typing slip (9999 for 2029), and a promise
/// of one is not a promise a shopper can use.
/// </summary>
public static class DateWindow
{
    public const int YearsAhead = 5;
    public const int YearsBack = 50;

    /// <summary>The last date that may be entered.</summary>
    public static DateOnly Latest(DateOnly today) =>
        today.Year > DateOnly.MaxValue.Year - YearsAhead ? DateOnly.MaxValue : today.AddYears(YearsAhead);

    /// <summary>The earliest release date that may be entered.</summary>
    public static DateOnly EarliestRelease(DateOnly today) =>
        today.Year <= YearsBack ? DateOnly.MinValue : today.AddYears(-YearsBack);

    /// <summary>
    /// A date something is expected on (<paramref name="what"/>: "The restock date"): not in the past,
    /// at most <see cref="YearsAhead"/> years away. <paramref name="stored"/>, the date already saved,
    /// may stay when it has gone by (other fields can still be edited), never when it is too far ahead.
    /// </summary>
    public static ValidationError? CheckExpected(string field, string what, DateOnly date, DateOnly today, DateOnly? stored = null, bool mayBeEmpty = false)
    {
        var orEmpty = mayBeEmpty ? ", or leave it empty" : "";
        if (date < today && date != stored)
        {
            return new(field, ValidationCodes.InPast,
                $"{what} {DateText.ForPeople(date)} is in the past. Enter today or a later date{orEmpty}.");
        }
        return TooFar(field, what, date, today, orEmpty);
    }

    /// <summary>A release date: from <see cref="YearsBack"/> years ago to <see cref="YearsAhead"/> years ahead.</summary>
    public static ValidationError? CheckRelease(string field, DateOnly date, DateOnly today)
    {
        var earliest = EarliestRelease(today);
        if (date < earliest)
        {
            return new(field, ValidationCodes.OutOfRange,
                $"The release date {DateText.ForPeople(date)} is too far back. Enter a date from {DateText.ForPeople(earliest)}, or leave it empty for a product already on sale.");
        }
        return TooFar(field, "The release date", date, today, ", or leave it empty");
    }

    private static ValidationError? TooFar(string field, string what, DateOnly date, DateOnly today, string orEmpty)
    {
        var latest = Latest(today);
        return date > latest
            ? new(field, ValidationCodes.OutOfRange,
                $"{what} {DateText.ForPeople(date)} is more than {YearsAhead} years away. Enter a date up to {DateText.ForPeople(latest)}{orEmpty}.")
            : null;
    }
}
