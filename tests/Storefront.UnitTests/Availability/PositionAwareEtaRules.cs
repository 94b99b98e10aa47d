using Storefront.Core.Availability;
using Storefront.Core.Etas;

namespace Storefront.UnitTests.Availability;

public class PositionAwareEtaRules
{
    [Fact]
    public void NextUnitTakesTheFirstDeliveryThatCoversItsPlaceInTheQueue()
    {
        // Queue of 3: the first delivery (2 units) serves only older customers; unit 4 comes with the second.
        var a = Facts.Product(backordered: 3).Backorderable().Delivering((5, 2), (20, 5)).Evaluate();

        Assert.Equal(AvailabilityState.Backorder, a.State);
        Assert.Equal(Facts.ShipsAfterArrivalIn(20), a.Eta);
    }

    [Fact]
    public void UnitsBeyondScheduledDeliveriesTakeTheRestockDate()
    {
        var a = Facts.Product(backordered: 3).Backorderable().Delivering((5, 2), (20, 5)).RestockIn(45).Evaluate();

        Assert.Equal(Facts.ShipsAfterArrivalIn(20), a.Schedule.EtaForPosition(7));
        Assert.Equal(Facts.ShipsAfterArrivalIn(45), a.Schedule.EtaForPosition(8));
        Assert.Equal(99, a.MaxQuantity);
    }

    [Fact]
    public void ARestockDateBeforeTheLastDeliveryNeverMakesALaterPlaceShipSooner()
    {
        // Found from outside: a delivery moved to day 90 past a restock date of day 50 promised unit 16
        // (the delivery's last) day 92 and unit 17 day 52. A line takes its last unit's date, so the
        // bigger order was promised the earlier date.
        var a = Facts.Product(backordered: 0).Backorderable().Delivering((90, 15)).RestockIn(50).Evaluate();

        Assert.Equal(Facts.ShipsAfterArrivalIn(90), a.Schedule.EtaForPosition(15));
        Assert.Equal(Facts.ShipsAfterArrivalIn(90), a.Schedule.EtaForPosition(16));
        Assert.Equal(Facts.ShipsAfterArrivalIn(90), a.Split(17).Eta);
    }

    [Fact]
    public void WithoutARestockDateOnlyUnitsCoveredByDeliveriesCanBeBackordered()
    {
        var a = Facts.Product(backordered: 3).Backorderable().Delivering((5, 2), (20, 5)).Evaluate();

        Assert.Null(a.Schedule.EtaForPosition(8));
        Assert.Equal(4, a.BackorderRoom);
        Assert.Equal(4, a.MaxQuantity);
    }

    [Fact]
    public void QueueCoveringEveryDeliveryWithoutRestockDateIsOutOfStockWithNoDateForANewShopper()
    {
        // Both deliveries are spoken for by the 7 queued units: day 5 was shown as "expected back", a date no new shopper could get.
        var a = Facts.Product(backordered: 7).Backorderable().Delivering((5, 2), (20, 5)).Evaluate();

        Assert.Equal(AvailabilityState.OutOfStock, a.State);
        Assert.Equal(0, a.MaxQuantity);
        Assert.Null(a.ExpectedBack);
        Assert.Equal("Out of stock", a.Message);
    }

    [Fact]
    public void QueueCoveringTheFirstDeliveryExpectsANewShopperBackWithTheNextOne()
    {
        // Not backorderable any more, but 2 units still queue from before: the day-5 delivery is theirs.
        var a = Facts.Product(backordered: 2).Delivering((5, 2), (20, 5)).Evaluate();

        Assert.Equal(AvailabilityState.OutOfStock, a.State);
        Assert.Equal(Facts.Today.AddDays(20), a.ExpectedBack);
    }

    [Fact]
    public void CapReachedWithTheQueueCoveringEveryDeliveryExpectsANewShopperBackByTheRestockDateNotBeforeTheLastDelivery()
    {
        var a = Facts.Product(backordered: 7).UpTo(7).Delivering((5, 2), (20, 5)).RestockIn(10).Evaluate();

        Assert.Equal(AvailabilityState.OutOfStock, a.State);
        Assert.Equal(Facts.Today.AddDays(20), a.ExpectedBack);
    }

    [Fact]
    public void NextArrivalIsTheArrivalOfTheUnitRightBehindTheQueue()
    {
        var schedule = new EtaSchedule([new(Facts.Today.AddDays(5), 2), new(Facts.Today.AddDays(20), 5)], 6, Facts.Today.AddDays(40), Facts.Today, 2);

        Assert.Equal(Facts.Today.AddDays(20), schedule.NextArrival);
        Assert.Equal(Facts.Today.AddDays(40), new EtaSchedule([new(Facts.Today.AddDays(5), 2)], 2, Facts.Today.AddDays(40), Facts.Today, 2).NextArrival);
        Assert.Equal(Facts.Today.AddDays(5), new EtaSchedule([new(Facts.Today.AddDays(5), 2)], 1, null, Facts.Today, 2).NextArrival);
    }

    [Fact]
    public void AUnitExactlyAtTheEndOfADeliveryShipsWithThatDelivery()
    {
        var schedule = new EtaSchedule([new(Facts.Today.AddDays(5), 2), new(Facts.Today.AddDays(20), 5)], 0, null, Facts.Today, 2);

        Assert.Equal(Facts.ShipsAfterArrivalIn(5), schedule.EtaForPosition(2));
        Assert.Equal(Facts.ShipsAfterArrivalIn(20), schedule.EtaForPosition(3));
    }

    [Fact]
    public void DeliveriesAreTakenInDateOrderWhateverOrderTheyAreGivenIn()
    {
        var schedule = new EtaSchedule([new(Facts.Today.AddDays(20), 5), new(Facts.Today.AddDays(5), 2)], 0, null, Facts.Today, 2);

        Assert.Equal(Facts.ShipsAfterArrivalIn(5), schedule.EtaForPosition(1));
    }

    [Fact]
    public void DeliveriesWithNothingOutstandingGiveNoEta()
    {
        var a = Facts.Product().Backorderable().Delivering((5, 0)).Evaluate();

        Assert.Equal(AvailabilityState.OutOfStock, a.State);
    }

    [Fact]
    public void AnOverdueDeliveryIsStillComingButShipsNoEarlierThanTodayPlusHandling()
    {
        var a = Facts.Product().Backorderable().Delivering((-4, 5)).Evaluate();

        Assert.Equal(AvailabilityState.Backorder, a.State);
        Assert.Equal(Facts.Today.AddDays(Facts.HandlingDays), a.Eta);
    }

    [Fact]
    public void ARestockDateInThePastIsIgnored()
    {
        var a = Facts.Product().Backorderable().RestockIn(-1).Evaluate();

        Assert.Equal(AvailabilityState.OutOfStock, a.State);
        Assert.Equal("Out of stock", a.Message);
        Assert.Null(a.ExpectedBack);
    }

    [Fact]
    public void ARestockDateOfTodayStillCounts()
    {
        var a = Facts.Product().Backorderable().RestockIn(0).Evaluate();

        Assert.Equal(AvailabilityState.Backorder, a.State);
        Assert.Equal(Facts.Today.AddDays(Facts.HandlingDays), a.Eta);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(2, 12)]
    [InlineData(5, 15)]
    public void HandlingDaysAreAddedToTheArrivalDate(int handlingDays, int etaInDays)
    {
        var a = Facts.Product().Backorderable().Delivering((10, 5)).Evaluate(handlingDays: handlingDays);

        Assert.Equal(Facts.Today.AddDays(etaInDays), a.Eta);
    }

    [Fact]
    public void OutOfStockWithARestockDateSaysWhenItIsExpectedBack()
    {
        var a = Facts.Product().RestockIn(11).Evaluate();

        Assert.Equal(AvailabilityState.OutOfStock, a.State);
        Assert.Equal(Facts.Today.AddDays(11), a.ExpectedBack);
        Assert.Equal("Out of stock — expected back 12 March 2027", a.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(500)]
    public void PositionsSharingAnEtaAreTheRunThatShipsOnThatPositionsDate(int position)
    {
        // Deliveries of 2 and 5 units, then the restock date: runs 1–2, 3–7 and 8 onwards.
        var schedule = Facts.Product(backordered: 0).Backorderable().Delivering((5, 2), (20, 5)).RestockIn(45).Evaluate().Schedule;

        var (first, last) = schedule.PositionsSharingEta(position)!.Value;

        Assert.InRange(position, first, last);
        var eta = schedule.EtaForPosition(position);
        Assert.Equal(eta, schedule.EtaForPosition(first));
        Assert.Equal(eta, schedule.EtaForPosition(Math.Min(last, 1_000)));
        Assert.True(first == 1 || schedule.EtaForPosition(first - 1) != eta);
        Assert.True(last == int.MaxValue || schedule.EtaForPosition(last + 1) != eta);
    }

    [Fact]
    public void PositionsBeyondTheDeliveriesWithoutARestockDateShareNoEta()
    {
        var schedule = Facts.Product(backordered: 0).Backorderable().Delivering((5, 2), (20, 5)).Evaluate().Schedule;

        Assert.Equal((3, 7), schedule.PositionsSharingEta(4));
        Assert.Null(schedule.PositionsSharingEta(8));
    }
}
