using Storefront.Core.Availability;
using Storefront.Core.Catalog;

namespace Storefront.UnitTests.Availability;

public class DiscontinuedRules
{
    private static AvailabilityFacts Discontinued(int onHand) =>
        Facts.Product(onHand).Backorderable().Delivering((10, 50)).RestockIn(20) with { Status = ProductStatus.Discontinued };

    [Fact]
    public void DiscontinuedWithUnitsLeftSellsThemButNeverBackorders()
    {
        var a = Discontinued(onHand: 3).Evaluate();

        Assert.Equal(AvailabilityState.LowStock, a.State);
        Assert.Equal("Only 3 left", a.Message);
        Assert.Equal(0, a.BackorderRoom);
        Assert.Equal(3, a.MaxQuantity);
    }

    [Fact]
    public void DiscontinuedWithPlentyLeftCapsMaxQuantityAtWhatIsAvailable()
    {
        var a = Discontinued(onHand: 40).Evaluate();

        Assert.Equal(AvailabilityState.InStock, a.State);
        Assert.Equal(40, a.MaxQuantity);
    }

    [Fact]
    public void DiscontinuedWithoutUnitsIsNoLongerAvailable()
    {
        var a = Discontinued(onHand: 0).Evaluate();

        Assert.Equal(AvailabilityState.Discontinued, a.State);
        Assert.Equal("No longer available", a.Message);
        Assert.Equal(0, a.MaxQuantity);
        Assert.Null(a.Eta);
        Assert.False(a.CanBuy);
    }
}

public class PreOrderRules
{
    [Fact]
    public void ReleaseDateInTheFutureIsPreOrderWithTheReleaseDate()
    {
        var a = (Facts.Product().Backorderable().RestockIn(40) with { ReleaseDate = Facts.Today.AddDays(31) }).Evaluate();

        Assert.Equal(AvailabilityState.PreOrder, a.State);
        Assert.Equal(new DateOnly(2027, 4, 1), a.ReleaseDate);
        Assert.Equal("Pre-order — released 1 April 2027", a.Message);
        Assert.True(a.CanBuy);
    }

    [Fact]
    public void PreOrderWithNothingToSellSaysSo()
    {
        var a = (Facts.Product() with { ReleaseDate = Facts.Today.AddDays(31) }).Evaluate();

        Assert.Equal(AvailabilityState.PreOrder, a.State);
        Assert.Equal(0, a.MaxQuantity);
        Assert.EndsWith("(sold out for now)", a.Message);
    }

    [Fact]
    public void ReleaseDateInThePastFollowsTheStockRules()
    {
        var a = (Facts.Product(onHand: 20) with { ReleaseDate = Facts.Today.AddDays(-1) }).Evaluate();

        Assert.Equal(AvailabilityState.InStock, a.State);
        Assert.Null(a.ReleaseDate);
    }

    [Fact]
    public void ReleaseDayItselfIsNoLongerPreOrder()
    {
        var a = (Facts.Product(onHand: 20) with { ReleaseDate = Facts.Today }).Evaluate();

        Assert.Equal(AvailabilityState.InStock, a.State);
    }

    [Fact]
    public void PreOrderUnitsOnTheShelfShipOnReleaseDay()
    {
        var a = (Facts.Product(onHand: 20) with { ReleaseDate = Facts.Today.AddDays(31) }).Evaluate();

        var split = a.Split(2);

        Assert.Equal(new QuantitySplit(2, 0, Facts.Today.AddDays(31)), split);
    }
}
