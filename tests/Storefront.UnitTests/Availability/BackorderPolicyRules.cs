using Storefront.Core.Availability;

namespace Storefront.UnitTests.Availability;

public class BackorderPolicyRules
{
    [Fact]
    public void NotAllowedPolicyIsOutOfStockEvenWithADeliveryComing()
    {
        var a = Facts.Product().Delivering((10, 5)).Evaluate();

        Assert.Equal(AvailabilityState.OutOfStock, a.State);
        Assert.Equal(0, a.MaxQuantity);
        Assert.Equal(Facts.Today.AddDays(10), a.ExpectedBack);
        Assert.Equal("Out of stock — expected back 11 March 2027", a.Message);
    }

    [Fact]
    public void AllowedWithADeliveryIsBackorderWithTheShipsByDate()
    {
        var a = Facts.Product().Backorderable().Delivering((10, 5)).Evaluate();

        Assert.Equal(AvailabilityState.Backorder, a.State);
        Assert.Equal(Facts.ShipsAfterArrivalIn(10), a.Eta);
        Assert.Equal("Backorder — ships by 13 March 2027", a.Message);
        Assert.Equal(5, a.BackorderRoom);
        Assert.Equal(5, a.MaxQuantity);
        Assert.Equal("Backorder", a.Badge);
    }

    [Fact]
    public void AllowedWithoutDeliveryOrRestockDateIsOutOfStockBecauseNoEtaIsKnown()
    {
        var a = Facts.Product().Backorderable().Evaluate();

        Assert.Equal(AvailabilityState.OutOfStock, a.State);
        Assert.Equal("Out of stock", a.Message);
        Assert.Null(a.Eta);
        Assert.Null(a.ExpectedBack);
        Assert.Equal(0, a.MaxQuantity);
    }

    [Fact]
    public void AllowedWithOnlyARestockDateBackordersUpToMaxQuantityPerLine()
    {
        var a = Facts.Product().Backorderable().RestockIn(30).Evaluate(maxPerLine: 99);

        Assert.Equal(AvailabilityState.Backorder, a.State);
        Assert.Equal(Facts.ShipsAfterArrivalIn(30), a.Eta);
        Assert.Equal(99, a.MaxQuantity);
    }

    [Fact]
    public void CapReachedIsOutOfStock()
    {
        var a = Facts.Product(backordered: 10).UpTo(10).RestockIn(30).Evaluate();

        Assert.Equal(AvailabilityState.OutOfStock, a.State);
        Assert.Equal(0, a.MaxQuantity);
        Assert.Equal(0, a.BackorderRoom);
    }

    [Fact]
    public void CapWithRoomAllowsOnlyTheUnitsLeftUnderTheCap()
    {
        var a = Facts.Product(backordered: 7).UpTo(10).RestockIn(30).Evaluate();

        Assert.Equal(AvailabilityState.Backorder, a.State);
        Assert.Equal(3, a.BackorderRoom);
        Assert.Equal(3, a.MaxQuantity);
    }

    [Fact]
    public void CapOfOneUnitBelowAllowsExactlyOne()
    {
        var a = Facts.Product(backordered: 9).UpTo(10).RestockIn(30).Evaluate();

        Assert.Equal(AvailabilityState.Backorder, a.State);
        Assert.Equal(1, a.MaxQuantity);
    }

    [Fact]
    public void AllowedUpToWithoutALimitAllowsNothing()
    {
        var a = (Facts.Product().RestockIn(30) with { Policy = Storefront.Core.Catalog.BackorderPolicy.AllowedUpTo, BackorderLimit = null }).Evaluate();

        Assert.Equal(AvailabilityState.OutOfStock, a.State);
        Assert.Equal(0, a.MaxQuantity);
    }

    [Fact]
    public void CapAndScheduleBothLimitTheRoomAndTheSmallerWins()
    {
        var a = Facts.Product().UpTo(10).Delivering((10, 4)).Evaluate();

        Assert.Equal(4, a.MaxQuantity);
    }
}
