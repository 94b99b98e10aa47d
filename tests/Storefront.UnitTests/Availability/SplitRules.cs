using Storefront.Core.Availability;

namespace Storefront.UnitTests.Availability;

public class SplitRules
{
    [Fact]
    public void Quantity_within_available_all_ships_now()
    {
        var a = Facts.Product(onHand: 10).Backorderable().RestockIn(30).Evaluate();

        Assert.Equal(new QuantitySplit(4, 0, null), a.Split(4));
    }

    [Fact]
    public void Quantity_beyond_available_ships_what_is_there_and_backorders_the_rest()
    {
        var a = Facts.Product(onHand: 3).Backorderable().Delivering((10, 20)).Evaluate();

        var split = a.Split(5);

        Assert.Equal(3, split.ShipNow);
        Assert.Equal(2, split.Backordered);
        Assert.Equal(5, split.Total);
        Assert.Equal(Facts.ShipsAfterArrivalIn(10), split.Eta);
    }

    [Fact]
    public void A_line_spanning_two_deliveries_takes_the_eta_of_its_last_unit()
    {
        var a = Facts.Product().Backorderable().Delivering((5, 2), (20, 5)).Evaluate();

        Assert.Equal(Facts.ShipsAfterArrivalIn(5), a.Split(2).Eta);
        Assert.Equal(Facts.ShipsAfterArrivalIn(20), a.Split(3).Eta);
    }

    [Fact]
    public void Split_counts_the_queue_already_waiting()
    {
        var a = Facts.Product(backordered: 1).Backorderable().Delivering((5, 2), (20, 5)).Evaluate();

        Assert.Equal(Facts.ShipsAfterArrivalIn(5), a.Split(1).Eta);
        Assert.Equal(Facts.ShipsAfterArrivalIn(20), a.Split(2).Eta);
    }

    [Fact]
    public void A_line_beyond_every_delivery_takes_the_restock_date()
    {
        var a = Facts.Product().Backorderable().Delivering((5, 2)).RestockIn(40).Evaluate();

        Assert.Equal(new QuantitySplit(0, 6, Facts.ShipsAfterArrivalIn(40)), a.Split(6));
    }

    [Fact]
    public void Zero_quantity_is_an_empty_split()
    {
        var a = Facts.Product(onHand: 3).Evaluate();

        Assert.Equal(new QuantitySplit(0, 0, null), a.Split(0));
    }

    [Fact]
    public void Negative_quantity_is_refused()
    {
        var a = Facts.Product(onHand: 3).Evaluate();

        Assert.Throws<ArgumentOutOfRangeException>(() => a.Split(-1));
    }
}
