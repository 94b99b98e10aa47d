using Storefront.Core.Availability;
using Storefront.Core.Catalog;

namespace Storefront.UnitTests.Availability;

/// <summary>"Allowed up to inbound": only units a scheduled delivery brings, plus the margin, can be backordered.</summary>
public class InboundPolicyRules
{
    private static AvailabilityFacts UpToInbound(AvailabilityFacts f, int? margin = null) =>
        f with { Policy = BackorderPolicy.AllowedUpToInbound, BackorderLimit = margin };

    [Fact]
    public void RoomIsTheInboundUnitsEvenWhenARestockDateWouldCoverAnyAmount()
    {
        var a = UpToInbound(Facts.Product().Delivering((10, 5)).RestockIn(30)).Evaluate();

        Assert.Equal(AvailabilityState.Backorder, a.State);
        Assert.Equal(5, a.BackorderRoom);
        Assert.Equal(5, a.MaxQuantity);
    }

    [Fact]
    public void TheMarginAddsUnitsBeyondTheDeliveriesThatTheRestockDateDates()
    {
        var a = UpToInbound(Facts.Product().Delivering((10, 5)).RestockIn(30), margin: 3).Evaluate();

        Assert.Equal(8, a.BackorderRoom);
    }

    [Fact]
    public void AQueueAsLongAsEveryDeliveryIsOutOfStock()
    {
        var a = UpToInbound(Facts.Product(backordered: 5).Delivering((10, 5)).RestockIn(30)).Evaluate();

        Assert.Equal(AvailabilityState.OutOfStock, a.State);
        Assert.Equal(0, a.MaxQuantity);
    }

    [Fact]
    public void NothingOnOrderAndNoMarginIsOutOfStockWhateverTheRestockDate()
    {
        var a = UpToInbound(Facts.Product().RestockIn(30)).Evaluate();

        Assert.Equal(AvailabilityState.OutOfStock, a.State);
    }

    [Fact]
    public void AMarginWithoutAnyDateStillNeedsAnEta()
    {
        var a = UpToInbound(Facts.Product(), margin: 4).Evaluate();

        Assert.Equal(AvailabilityState.OutOfStock, a.State);
        Assert.Equal(0, a.MaxQuantity);
    }

    [Theory]
    [InlineData(BackorderPolicy.NotAllowed, null, 50, 0)]
    [InlineData(BackorderPolicy.Allowed, null, 50, null)]
    [InlineData(BackorderPolicy.AllowedUpTo, 10, 50, 10)]
    [InlineData(BackorderPolicy.AllowedUpToInbound, null, 50, 50)]
    [InlineData(BackorderPolicy.AllowedUpToInbound, 7, 50, 57)]
    [InlineData(BackorderPolicy.AllowedUpToInbound, 7, 0, 7)]
    public void TheCapFollowsThePolicy(BackorderPolicy policy, int? limit, int inbound, int? cap) =>
        Assert.Equal(cap, BackorderCap.For(policy, limit, inbound));
}
