using Storefront.Core.Suppliers;

namespace Storefront.UnitTests.Suppliers;

public class ReliabilityFiguresRules
{
    [Fact]
    public void AKnownHistoryGivesItsNearestRankPercentiles()
    {
        // Sorted lateness 0, 1, 2, 5, 10 (the early receipt counts as 0): median rank 3, 80th rank 4.
        var figures = ReliabilityFigures.From([0, 2, 5, -3, 10]);

        Assert.Equal(new ReliabilityFigures(5, 0.4, 2, 5), figures);
    }

    [Fact]
    public void TenReceiptsPutThe80thPercentileAtTheEighth()
    {
        var figures = ReliabilityFigures.From([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])!;

        Assert.Equal((5, 8, 0.0), (figures.MedianDaysLate, figures.P80DaysLate, figures.OnTimeRate));
    }

    [Fact]
    public void OneReceiptIsEveryPercentileAndNoneIsNoFigures()
    {
        Assert.Equal(new ReliabilityFigures(1, 0, 4, 4), ReliabilityFigures.From([4]));
        Assert.Null(ReliabilityFigures.From([]));
    }
}
