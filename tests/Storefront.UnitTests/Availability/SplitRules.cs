using Storefront.Core.Availability;

namespace Storefront.UnitTests.Availability;

public class SplitRules
{
    [Fact]
    public void QuantityWithinAvailableAllShipsNow()
    {
        var a = Facts.Product(onHand: 10).Backorderable().RestockIn(30).Evaluate();

        Assert.Equal(new QuantitySplit(4, 0, null), a.Split(4));
    }

    [Fact]
    public void QuantityBeyondAvailableShipsWhatIsThereAndBackordersTheRest()
    {
        var a = Facts.Product(onHand: 3).Backorderable().Delivering((10, 20)).Evaluate();

        var split = a.Split(5);

        Assert.Equal(3, split.ShipNow);
        Assert.Equal(2, split.Backordered);
        Assert.Equal(5, split.Total);
        Assert.Equal(Facts.ShipsAfterArrivalIn(10), split.Eta);
    }

    [Fact]
    public void ALineSpanningTwoDeliveriesTakesTheEtaOfItsLastUnit()
    {
        var a = Facts.Product().Backorderable().Delivering((5, 2), (20, 5)).Evaluate();

        Assert.Equal(Facts.ShipsAfterArrivalIn(5), a.Split(2).Eta);
        Assert.Equal(Facts.ShipsAfterArrivalIn(20), a.Split(3).Eta);
    }

    [Fact]
    public void SplitCountsTheQueueAlreadyWaiting()
    {
        var a = Facts.Product(backordered: 1).Backorderable().Delivering((5, 2), (20, 5)).Evaluate();

        Assert.Equal(Facts.ShipsAfterArrivalIn(5), a.Split(1).Eta);
        Assert.Equal(Facts.ShipsAfterArrivalIn(20), a.Split(2).Eta);
    }

    [Fact]
    public void ALineBeyondEveryDeliveryTakesTheRestockDate()
    {
        var a = Facts.Product().Backorderable().Delivering((5, 2)).RestockIn(40).Evaluate();

        Assert.Equal(new QuantitySplit(0, 6, Facts.ShipsAfterArrivalIn(40)), a.Split(6));
    }

    [Fact]
    public void ZeroQuantityIsAnEmptySplit()
    {
        var a = Facts.Product(onHand: 3).Evaluate();

        Assert.Equal(new QuantitySplit(0, 0, null), a.Split(0));
    }

    [Fact]
    public void NegativeQuantityIsRefused()
    {
        var a = Facts.Product(onHand: 3).Evaluate();

        Assert.Throws<ArgumentOutOfRangeException>(() => a.Split(-1));
    }
}
