using Storefront.Core.Planning;

namespace Storefront.UnitTests.Planning;

/// <summary>
/// Safety stock, reorder point and suggested quantity, worked by hand at the defaults: 95 % service
/// (z = 1.644854), 14 review days, 10 % waitlist conversion, excess beyond 180 days.
/// </summary>
public class ReplenishmentPlannerRules
{
    private static readonly PlanningSettings Defaults = new();

    private static DailyDemand Steady(double perDay) => new(perDay, 0, 90, (int)(perDay * 90));

    private static LeadTime Stated(int days) => new(days, 0, LeadTimeSource.Stated, 0);

    private static PlanningInput Input(DailyDemand demand, LeadTime lead, int onHand = 0, int allocated = 0, int backordered = 0, int inbound = 0, int waitlist = 0) =>
        new(onHand, allocated, backordered, inbound, waitlist, demand, lead);

    [Fact]
    public void TheServiceLevelIsAQuantileOfTheNormalDistribution()
    {
        Assert.Equal(1.644854, ReplenishmentPlanner.NormalQuantile(0.95), 6);
        Assert.Equal(2.326348, ReplenishmentPlanner.NormalQuantile(0.99), 6);
        Assert.Equal(0, ReplenishmentPlanner.NormalQuantile(0.5), 9);
        Assert.Equal(-1.281552, ReplenishmentPlanner.NormalQuantile(0.10), 6);
    }

    [Fact]
    public void ZeroSalesAndAnEmptyShelfOrderNothing()
    {
        var r = ReplenishmentPlanner.Plan(Input(new DailyDemand(0, 0, 90, 0), Stated(14)), Defaults);

        Assert.Equal((0, 0, 0), (r.SafetyStock, r.ReorderPoint, r.SuggestedQuantity));
        Assert.Equal(ReplenishmentStatus.Ok, r.Status);
        Assert.Null(r.DaysOfCover);
    }

    [Fact]
    public void ZeroSalesWithStockIsNotSellingAndAllOfItIsExcess()
    {
        var r = ReplenishmentPlanner.Plan(Input(new DailyDemand(0, 0, 90, 0), Stated(14), onHand: 10, allocated: 2), Defaults);

        Assert.Equal(ReplenishmentStatus.NoSales, r.Status);
        Assert.Equal(8, r.ExcessUnits);
    }

    [Fact]
    public void OneSale()
    {
        // d = 1/59, σ = 0.129081; over 10 days σ√10 = 0.408192, × z = 0.6714 → 1; d·L = 0.169 → 1;
        // reorder point 2; 14 review days 0.237 → 1; order 2 + 1 − 0 = 3.
        var demand = DemandModel.Estimate([.. Enumerable.Repeat(0, 79), 1, .. Enumerable.Repeat(0, 10)]);
        var r = ReplenishmentPlanner.Plan(Input(demand, Stated(10)), Defaults);

        Assert.Equal(1, r.SafetyStock);
        Assert.Equal(1, r.DemandOverLeadTime);
        Assert.Equal(2, r.ReorderPoint);
        Assert.Equal(1, r.ReviewUnits);
        Assert.Equal(3, r.SuggestedQuantity);
        Assert.Equal(ReplenishmentStatus.OrderNow, r.Status);
    }

    [Fact]
    public void ASpikeRaisesTheSafetyStock()
    {
        // d = 60/118 = 0.5085, σ = 3.8724; σ√14 = 14.4893, × z = 23.83 → 24; d·14 = 7.12 → 8;
        // reorder point 32; review 8; with 10 on the shelf order 32 + 8 − 10 = 30.
        var demand = DemandModel.Estimate([.. Enumerable.Repeat(0, 89), 30]);
        var r = ReplenishmentPlanner.Plan(Input(demand, Stated(14), onHand: 10), Defaults);

        Assert.Equal(24, r.SafetyStock);
        Assert.Equal(32, r.ReorderPoint);
        Assert.Equal(30, r.SuggestedQuantity);
    }

    [Fact]
    public void ALongAndVaryingLeadTimeNeedsSafetyStockEvenForSteadyDemand()
    {
        // Lead times 50, 60, 70 days: 60 ± 10. σ = √(60·0² + 2²·10²) = 20, × z = 32.9 → 33;
        // d·L = 120; reorder point 153; review 28; 100 on the shelf → order 153 + 28 − 100 = 81.
        var lead = LeadTime.Choose([50, 60, 70], statedDays: 30, defaultDays: 14);
        var r = ReplenishmentPlanner.Plan(Input(Steady(2), lead, onHand: 100), Defaults);

        Assert.Equal(LeadTimeSource.Measured, lead.Source);
        Assert.Equal(10, lead.StdDev, 9);
        Assert.Equal(33, r.SafetyStock);
        Assert.Equal(153, r.ReorderPoint);
        Assert.Equal(81, r.SuggestedQuantity);
    }

    [Fact]
    public void AProductWithOnlyBackordersOrdersWhatItOwes()
    {
        var owed = ReplenishmentPlanner.Plan(Input(new DailyDemand(0, 0, 90, 0), Stated(14), backordered: 7), Defaults);
        var covered = ReplenishmentPlanner.Plan(Input(new DailyDemand(0, 0, 90, 0), Stated(14), backordered: 7, inbound: 7), Defaults);

        Assert.Equal(-7, owed.Position);
        Assert.Equal(7, owed.SuggestedQuantity);
        Assert.Equal(ReplenishmentStatus.OrderNow, owed.Status);
        Assert.Equal(0, covered.SuggestedQuantity);
    }

    [Fact]
    public void TheWaitlistIsDemandThatHasRaisedItsHand()
    {
        // 25 subscribers × 10 % = 2.5 → 3 units on top of the reorder point and review.
        var r = ReplenishmentPlanner.Plan(Input(Steady(1), Stated(10), onHand: 30, waitlist: 25), Defaults);

        Assert.Equal(3, r.WaitlistUnits);
        Assert.Equal(10, r.ReorderPoint);
        Assert.Equal(0, r.SuggestedQuantity);
        var low = ReplenishmentPlanner.Plan(Input(Steady(1), Stated(10), onHand: 12, waitlist: 25), Defaults);
        Assert.Equal(10 + 14 + 3 - 12, low.SuggestedQuantity);
    }

    [Fact]
    public void PositionCountsInboundAndOwesBackordersAndAllocations()
    {
        var r = ReplenishmentPlanner.Plan(Input(Steady(1), Stated(10), onHand: 20, allocated: 5, backordered: 3, inbound: 4), Defaults);

        Assert.Equal(16, r.Position);
        Assert.Equal(0, r.SuggestedQuantity);
        var lower = ReplenishmentPlanner.Plan(Input(Steady(1), Stated(10), onHand: 10, allocated: 5, backordered: 3, inbound: 4), Defaults);
        Assert.Equal(6, lower.Position);
        Assert.Equal(10 + 14 - 6, lower.SuggestedQuantity);
    }

    [Fact]
    public void MoreThanTheExcessCoverIsExcess()
    {
        var r = ReplenishmentPlanner.Plan(Input(Steady(1), Stated(10), onHand: 400), Defaults);

        Assert.Equal(ReplenishmentStatus.Excess, r.Status);
        Assert.Equal(220, r.ExcessUnits);
        Assert.Equal(400, r.DaysOfCover);
    }

    [Fact]
    public void ADiscontinuedProductIsNeverReordered()
    {
        var r = ReplenishmentPlanner.Plan(Input(Steady(3), Stated(10)) with { Discontinued = true }, Defaults);

        Assert.Equal(0, r.SuggestedQuantity);
        Assert.NotEqual(ReplenishmentStatus.OrderNow, r.Status);
    }

    [Fact]
    public void LeadTimeFallsBackToTheStatedThenTheStoreDefault()
    {
        Assert.Equal(new LeadTime(21, 0, LeadTimeSource.Stated, 0), LeadTime.Choose([], 21, 14));
        Assert.Equal(new LeadTime(14, 0, LeadTimeSource.StoreDefault, 0), LeadTime.Choose([], null, 14));
        Assert.Equal(new LeadTime(9, 0, LeadTimeSource.Measured, 1), LeadTime.Choose([9], 21, 14));
    }

    [Fact]
    public void EveryFigureIsExplainedInWords()
    {
        var input = Input(Steady(2), Stated(10), onHand: 5, backordered: 1, waitlist: 10);
        var r = ReplenishmentPlanner.Plan(input, Defaults);
        var why = ReplenishmentPlanner.Explain(input, r, Defaults);

        Assert.Contains(why, w => w.StartsWith("Reorder point: 20 = demand over the lead time (2 × 10 = 20", StringComparison.Ordinal));
        Assert.Contains(why, w => w.Contains($"Order {r.SuggestedQuantity} = reorder point 20", StringComparison.Ordinal));
        Assert.Contains(why, w => w.Contains("stated lead time", StringComparison.Ordinal));
    }
}
