using Storefront.Core.Availability;

namespace Storefront.UnitTests.Availability;

public class BackorderPolicyRules
{
    [Fact]
    public void Not_allowed_policy_is_out_of_stock_even_with_a_delivery_coming()
    {
        var a = Facts.Product().Delivering((10, 5)).Evaluate();

        Assert.Equal(AvailabilityState.OutOfStock, a.State);
        Assert.Equal(0, a.MaxQuantity);
        Assert.Equal(Facts.Today.AddDays(10), a.ExpectedBack);
        Assert.Equal("Out of stock — expected back 11 March 2027", a.Message);
    }

    [Fact]
    public void Allowed_with_a_delivery_is_backorder_with_the_ships_by_date()
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
    public void Allowed_without_delivery_or_restock_date_is_out_of_stock_because_no_eta_is_known()
    {
        var a = Facts.Product().Backorderable().Evaluate();

        Assert.Equal(AvailabilityState.OutOfStock, a.State);
        Assert.Equal("Out of stock", a.Message);
        Assert.Null(a.Eta);
        Assert.Null(a.ExpectedBack);
        Assert.Equal(0, a.MaxQuantity);
    }

    [Fact]
    public void Allowed_with_only_a_restock_date_backorders_up_to_max_quantity_per_line()
    {
        var a = Facts.Product().Backorderable().RestockIn(30).Evaluate(maxPerLine: 99);

        Assert.Equal(AvailabilityState.Backorder, a.State);
        Assert.Equal(Facts.ShipsAfterArrivalIn(30), a.Eta);
        Assert.Equal(99, a.MaxQuantity);
    }

    [Fact]
    public void Cap_reached_is_out_of_stock()
    {
        var a = Facts.Product(backordered: 10).UpTo(10).RestockIn(30).Evaluate();

        Assert.Equal(AvailabilityState.OutOfStock, a.State);
        Assert.Equal(0, a.MaxQuantity);
        Assert.Equal(0, a.BackorderRoom);
    }

    [Fact]
    public void Cap_with_room_allows_only_the_units_left_under_the_cap()
    {
        var a = Facts.Product(backordered: 7).UpTo(10).RestockIn(30).Evaluate();

        Assert.Equal(AvailabilityState.Backorder, a.State);
        Assert.Equal(3, a.BackorderRoom);
        Assert.Equal(3, a.MaxQuantity);
    }

    [Fact]
    public void Cap_of_one_unit_below_allows_exactly_one()
    {
        var a = Facts.Product(backordered: 9).UpTo(10).RestockIn(30).Evaluate();

        Assert.Equal(AvailabilityState.Backorder, a.State);
        Assert.Equal(1, a.MaxQuantity);
    }

    [Fact]
    public void Allowed_up_to_without_a_limit_allows_nothing()
    {
        var a = (Facts.Product().RestockIn(30) with { Policy = Storefront.Core.Catalog.BackorderPolicy.AllowedUpTo, BackorderLimit = null }).Evaluate();

        Assert.Equal(AvailabilityState.OutOfStock, a.State);
        Assert.Equal(0, a.MaxQuantity);
    }

    [Fact]
    public void Cap_and_schedule_both_limit_the_room_and_the_smaller_wins()
    {
        var a = Facts.Product().UpTo(10).Delivering((10, 4)).Evaluate();

        Assert.Equal(4, a.MaxQuantity);
    }
}
