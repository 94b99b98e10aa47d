using Storefront.Core.Availability;

namespace Storefront.UnitTests.Availability;

public class StockLevelRules
{
    [Fact]
    public void Above_the_low_stock_threshold_is_in_stock()
    {
        var a = Facts.Product(onHand: 6).Evaluate();

        Assert.Equal(AvailabilityState.InStock, a.State);
        Assert.Equal("In stock", a.Message);
        Assert.Equal(6, a.Available);
        Assert.Equal(6, a.MaxQuantity);
    }

    [Fact]
    public void At_the_low_stock_threshold_is_low_stock_with_the_count()
    {
        var a = Facts.Product(onHand: 5).Evaluate();

        Assert.Equal(AvailabilityState.LowStock, a.State);
        Assert.Equal("Only 5 left", a.Message);
        Assert.Equal(5, a.MaxQuantity);
    }

    [Fact]
    public void One_unit_left_is_low_stock()
    {
        var a = Facts.Product(onHand: 1).Evaluate();

        Assert.Equal(AvailabilityState.LowStock, a.State);
        Assert.Equal("Only 1 left", a.Message);
    }

    [Fact]
    public void Allocated_units_are_not_available()
    {
        var a = Facts.Product(onHand: 10, allocated: 7).Evaluate();

        Assert.Equal(AvailabilityState.LowStock, a.State);
        Assert.Equal(3, a.Available);
        Assert.Equal("Only 3 left", a.Message);
    }

    [Fact]
    public void Exactly_zero_available_is_out_of_stock_not_low_stock()
    {
        var a = Facts.Product(onHand: 4, allocated: 4).Evaluate();

        Assert.Equal(AvailabilityState.OutOfStock, a.State);
        Assert.Equal("Out of stock", a.Message);
        Assert.Equal(0, a.Available);
        Assert.Equal(0, a.MaxQuantity);
        Assert.False(a.CanBuy);
    }

    [Fact]
    public void A_zero_threshold_makes_one_unit_in_stock()
    {
        var a = (Facts.Product(onHand: 1) with { LowStockThreshold = 0 }).Evaluate();

        Assert.Equal(AvailabilityState.InStock, a.State);
    }

    [Fact]
    public void Shelf_units_are_not_offered_while_older_backorders_wait()
    {
        var a = Facts.Product(onHand: 3, backordered: 2).Backorderable().RestockIn(20).Evaluate();

        Assert.Equal(0, a.Available);
        Assert.Equal(AvailabilityState.Backorder, a.State);
    }

    [Fact]
    public void Max_quantity_is_capped_by_max_quantity_per_line()
    {
        var a = Facts.Product(onHand: 500).Evaluate(maxPerLine: 99);

        Assert.Equal(AvailabilityState.InStock, a.State);
        Assert.Equal(500, a.Available);
        Assert.Equal(99, a.MaxQuantity);
    }

    [Fact]
    public void In_stock_and_backorderable_lets_a_shopper_take_more_than_the_shelf()
    {
        var a = Facts.Product(onHand: 8).Backorderable().Delivering((10, 4)).Evaluate();

        Assert.Equal(AvailabilityState.InStock, a.State);
        Assert.Equal(4, a.BackorderRoom);
        Assert.Equal(12, a.MaxQuantity);
    }
}
