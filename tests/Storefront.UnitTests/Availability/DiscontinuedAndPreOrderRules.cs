using Storefront.Core.Availability;
using Storefront.Core.Catalog;

namespace Storefront.UnitTests.Availability;

public class DiscontinuedRules
{
    private static AvailabilityFacts Discontinued(int onHand) =>
        Facts.Product(onHand).Backorderable().Delivering((10, 50)).RestockIn(20) with { Status = ProductStatus.Discontinued };

    [Fact]
    public void Discontinued_with_units_left_sells_them_but_never_backorders()
    {
        var a = Discontinued(onHand: 3).Evaluate();

        Assert.Equal(AvailabilityState.LowStock, a.State);
        Assert.Equal("Only 3 left", a.Message);
        Assert.Equal(0, a.BackorderRoom);
        Assert.Equal(3, a.MaxQuantity);
    }

    [Fact]
    public void Discontinued_with_plenty_left_caps_max_quantity_at_what_is_available()
    {
        var a = Discontinued(onHand: 40).Evaluate();

        Assert.Equal(AvailabilityState.InStock, a.State);
        Assert.Equal(40, a.MaxQuantity);
    }

    [Fact]
    public void Discontinued_without_units_is_no_longer_available()
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
    public void Release_date_in_the_future_is_pre_order_with_the_release_date()
    {
        var a = (Facts.Product().Backorderable().RestockIn(40) with { ReleaseDate = Facts.Today.AddDays(31) }).Evaluate();

        Assert.Equal(AvailabilityState.PreOrder, a.State);
        Assert.Equal(new DateOnly(2027, 4, 1), a.ReleaseDate);
        Assert.Equal("Pre-order — released 1 April 2027", a.Message);
        Assert.True(a.CanBuy);
    }

    [Fact]
    public void Pre_order_with_nothing_to_sell_says_so()
    {
        var a = (Facts.Product() with { ReleaseDate = Facts.Today.AddDays(31) }).Evaluate();

        Assert.Equal(AvailabilityState.PreOrder, a.State);
        Assert.Equal(0, a.MaxQuantity);
        Assert.EndsWith("(sold out for now)", a.Message);
    }

    [Fact]
    public void Release_date_in_the_past_follows_the_stock_rules()
    {
        var a = (Facts.Product(onHand: 20) with { ReleaseDate = Facts.Today.AddDays(-1) }).Evaluate();

        Assert.Equal(AvailabilityState.InStock, a.State);
        Assert.Null(a.ReleaseDate);
    }

    [Fact]
    public void Release_day_itself_is_no_longer_pre_order()
    {
        var a = (Facts.Product(onHand: 20) with { ReleaseDate = Facts.Today }).Evaluate();

        Assert.Equal(AvailabilityState.InStock, a.State);
    }

    [Fact]
    public void Pre_order_units_on_the_shelf_ship_on_release_day()
    {
        var a = (Facts.Product(onHand: 20) with { ReleaseDate = Facts.Today.AddDays(31) }).Evaluate();

        var split = a.Split(2);

        Assert.Equal(new QuantitySplit(2, 0, Facts.Today.AddDays(31)), split);
    }
}
