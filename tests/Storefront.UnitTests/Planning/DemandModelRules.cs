using Storefront.Core.Planning;

namespace Storefront.UnitTests.Planning;

/// <summary>The weighted moving average: 90 days, the last 28 counting twice (weights sum to 2·28 + 62 = 118).</summary>
public class DemandModelRules
{
    private static int[] Days(int count, params (int DaysAgo, int Units)[] sales)
    {
        var series = new int[count];
        foreach (var (ago, units) in sales)
        {
            series[count - 1 - ago] = units;
        }
        return series;
    }

    [Fact]
    public void NoSalesIsNoDemandAndNoSpread()
    {
        var d = DemandModel.Estimate(Days(90));

        Assert.Equal(0, d.Mean);
        Assert.Equal(0, d.StdDev);
        Assert.Equal(90, d.DaysObserved);
    }

    [Fact]
    public void NoHistoryIsNoDemand()
    {
        var d = DemandModel.Estimate([]);

        Assert.Equal(0, d.Mean);
        Assert.Equal(0, d.DaysObserved);
    }

    [Fact]
    public void OneRecentSaleCountsTwice()
    {
        // 2 × 1 / 118 = 1/59; variance (2(1 − m)² + 116 m²) / 118 = (2 − 2/59) / 118.
        var d = DemandModel.Estimate(Days(90, (10, 1)));

        Assert.Equal(1.0 / 59, d.Mean, 9);
        Assert.Equal(Math.Sqrt((2 - 2.0 / 59) / 118), d.StdDev, 9);
        Assert.Equal(1, d.UnitsSold);
    }

    [Fact]
    public void AnOldSaleCountsOnce()
    {
        var d = DemandModel.Estimate(Days(90, (60, 1)));

        Assert.Equal(1.0 / 118, d.Mean, 9);
    }

    [Fact]
    public void ASpikeYesterdayRaisesTheMeanAndTheSpread()
    {
        // 2 × 30 / 118; variance (2(30 − m)² + 116 m²) / 118 = 14.99569…
        var d = DemandModel.Estimate(Days(90, (0, 30)));

        Assert.Equal(60.0 / 118, d.Mean, 9);
        Assert.Equal(3.872427, d.StdDev, 5);
    }

    [Fact]
    public void OnlyTheLastNinetyDaysCount()
    {
        var series = Days(120, (100, 50), (0, 1));

        Assert.Equal(2.0 / 118, DemandModel.Estimate(series).Mean, 9);
    }

    [Fact]
    public void AYoungProductIsJudgedOnTheDaysItExisted()
    {
        // Ten days, all recent: 10 units over 10 days of weight 2.
        var d = DemandModel.Estimate(Enumerable.Repeat(1, 10).ToArray());

        Assert.Equal(1, d.Mean, 9);
        Assert.Equal(0, d.StdDev, 9);
    }

    [Fact]
    public void TheMeanFromTwoSumsIsTheMeanOfTheSeries()
    {
        var series = Days(90, (0, 3), (5, 2), (27, 1), (28, 4), (89, 6));

        Assert.Equal(DemandModel.Estimate(series).Mean, DemandModel.Mean(recentUnits: 6, olderUnits: 10, daysObserved: 90), 12);
        Assert.Equal(DemandModel.Estimate(series[^20..]).Mean, DemandModel.Mean(5, 0, 20), 12);
    }

    [Fact]
    public void DaysObservedStartAtCreationOrAnEarlierFirstSale()
    {
        var today = new DateOnly(2027, 3, 1);

        Assert.Equal(10, DemandModel.DaysObserved(today.AddDays(-10), null, today));
        Assert.Equal(40, DemandModel.DaysObserved(today.AddDays(-10), today.AddDays(-40), today));
        Assert.Equal(90, DemandModel.DaysObserved(today.AddDays(-400), null, today));
        Assert.Equal(0, DemandModel.DaysObserved(today, null, today));
    }
}
