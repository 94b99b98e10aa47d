namespace Storefront.Core.Planning;

/// <summary>A product's daily demand: its expected units a day and how much a day varies around it.</summary>
public readonly record struct DailyDemand(double Mean, double StdDev, int DaysObserved, int UnitsSold);

/// <summary>
/// The store's demand model (ADR 0022): a weighted moving average of daily units sold over the last
/// <see cref="WindowDays"/> days, the most recent <see cref="RecentDays"/> counting twice. Recent weeks
/// lead, so a product that took off or died shows it within days; the older two months keep one good
/// or bad week from deciding an order. The spread is the same weights' standard deviation of the
/// daily figures, which is what safety stock is made of. A product younger than the window is judged
/// only on the days it existed.
/// </summary>
public static class DemandModel
{
    public const int WindowDays = 90;
    public const int RecentDays = 28;
    public const double RecentWeight = 2;

    /// <summary>
    /// Daily units sold, oldest first, ending yesterday; at most <see cref="WindowDays"/> are used
    /// (the last ones). An empty series is a product with no history: no demand.
    /// </summary>
    public static DailyDemand Estimate(IReadOnlyList<int> dailyUnits)
    {
        var n = Math.Min(dailyUnits.Count, WindowDays);
        if (n == 0)
        {
            return new DailyDemand(0, 0, 0, 0);
        }
        double weights = 0, sum = 0;
        var units = 0;
        for (var i = dailyUnits.Count - n; i < dailyUnits.Count; i++)
        {
            var w = Weight(dailyUnits.Count - 1 - i);
            weights += w;
            sum += w * dailyUnits[i];
            units += dailyUnits[i];
        }
        var mean = sum / weights;
        double squares = 0;
        for (var i = dailyUnits.Count - n; i < dailyUnits.Count; i++)
        {
            var d = dailyUnits[i] - mean;
            squares += Weight(dailyUnits.Count - 1 - i) * d * d;
        }
        return new DailyDemand(mean, Math.Sqrt(squares / weights), n, units);
    }

    /// <summary>
    /// The mean alone from two sums (units in the recent days, units in the older rest), as SQL can
    /// total them: the same figure <see cref="Estimate"/> gives for the series they sum.
    /// </summary>
    public static double Mean(long recentUnits, long olderUnits, int daysObserved)
    {
        var n = Math.Clamp(daysObserved, 0, WindowDays);
        if (n == 0)
        {
            return 0;
        }
        var recent = Math.Min(n, RecentDays);
        return (RecentWeight * recentUnits + olderUnits) / (RecentWeight * recent + (n - recent));
    }

    /// <summary>
    /// Days of the window a product could sell on: from its creation, or its first sale when the
    /// history is older than the record (an imported product), to yesterday.
    /// </summary>
    public static int DaysObserved(DateOnly created, DateOnly? firstSale, DateOnly today)
    {
        var first = firstSale is { } f && f < created ? f : created;
        return Math.Clamp(today.DayNumber - first.DayNumber, 0, WindowDays);
    }

    /// <summary>Weight of the day <paramref name="daysAgo"/> days before the last one (0 = the last day).</summary>
    private static double Weight(int daysAgo) => daysAgo < RecentDays ? RecentWeight : 1;
}
