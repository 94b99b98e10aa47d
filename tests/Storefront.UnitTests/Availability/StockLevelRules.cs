using Storefront.Core.Availability;

namespace Storefront.UnitTests.Availability;

public class StockLevelRules
{
    [Fact]
    public void AboveTheLowStockThresholdIsInStock()
    {
        var a = Facts.Product(onHand: 6).Evaluate();

        Assert.Equal(AvailabilityState.InStock, a.State);
        Assert.Equal("In stock", a.Message);
        Assert.Equal(6, a.Available);
        Assert.Equal(6, a.MaxQuantity);
    }

    [Fact]
    public void AtTheLowStockThresholdIsLowStockWithTheCount()
    {
        var a = Facts.Product(onHand: 5).Evaluate();

        Assert.Equal(AvailabilityState.LowStock, a.State);
        Assert.Equal("Only 5 left", a.Message);
        Assert.Equal(5, a.MaxQuantity);
    }

    [Fact]
    public void OneUnitLeftIsLowStock()
    {
        var a = Facts.Product(onHand: 1).Evaluate();

        Assert.Equal(AvailabilityState.LowStock, a.State);
        Assert.Equal("Only 1 left", a.Message);
    }

    [Fact]
    public void AllocatedUnitsAreNotAvailable()
    {
        var a = Facts.Product(onHand: 10, allocated: 7).Evaluate();

        Assert.Equal(AvailabilityState.LowStock, a.State);
        Assert.Equal(3, a.Available);
        Assert.Equal("Only 3 left", a.Message);
    }

    [Fact]
    public void ExactlyZeroAvailableIsOutOfStockNotLowStock()
    {
        var a = Facts.Product(onHand: 4, allocated: 4).Evaluate();

        Assert.Equal(AvailabilityState.OutOfStock, a.State);
        Assert.Equal("Out of stock", a.Message);
        Assert.Equal(0, a.Available);
        Assert.Equal(0, a.MaxQuantity);
        Assert.False(a.CanBuy);
    }

    [Fact]
    public void AZeroThresholdMakesOneUnitInStock()
    {
        var a = (Facts.Product(onHand: 1) with { LowStockThreshold = 0 }).Evaluate();

        Assert.Equal(AvailabilityState.InStock, a.State);
    }

    [Fact]
    public void ShelfUnitsAreNotOfferedWhileOlderBackordersWait()
    {
        var a = Facts.Product(onHand: 3, backordered: 2).Backorderable().RestockIn(20).Evaluate();

        Assert.Equal(0, a.Available);
        Assert.Equal(AvailabilityState.Backorder, a.State);
    }

    [Fact]
    public void MaxQuantityIsCappedByMaxQuantityPerLine()
    {
        var a = Facts.Product(onHand: 500).Evaluate(maxPerLine: 99);

        Assert.Equal(AvailabilityState.InStock, a.State);
        Assert.Equal(500, a.Available);
        Assert.Equal(99, a.MaxQuantity);
    }

    [Fact]
    public void InStockAndBackorderableLetsAShopperTakeMoreThanTheShelf()
    {
        var a = Facts.Product(onHand: 8).Backorderable().Delivering((10, 4)).Evaluate();

        Assert.Equal(AvailabilityState.InStock, a.State);
        Assert.Equal(4, a.BackorderRoom);
        Assert.Equal(12, a.MaxQuantity);
    }
}
