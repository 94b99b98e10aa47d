using Storefront.Core.Availability;
using Storefront.Core.Catalog;

namespace Storefront.UnitTests.Availability;

/// <summary>What search engines and Merchant Center are told for each state, and from when.</summary>
public class SearchAvailabilityWords
{
    public static TheoryData<string, string, string> EveryState => new()
    {
        { nameof(AvailabilityState.InStock), "https://schema.org/InStock", "in_stock" },
        { nameof(AvailabilityState.LowStock), "https://schema.org/LimitedAvailability", "in_stock" },
        { nameof(AvailabilityState.Backorder), "https://schema.org/BackOrder", "backorder" },
        { nameof(AvailabilityState.PreOrder), "https://schema.org/PreOrder", "preorder" },
        { nameof(AvailabilityState.OutOfStock), "https://schema.org/OutOfStock", "out_of_stock" },
        { nameof(AvailabilityState.Discontinued), "https://schema.org/Discontinued", "out_of_stock" },
    };

    [Theory]
    [MemberData(nameof(EveryState))]
    public void EachState_HasItsSchemaOrgAndGoogleValue(string state, string schemaOrg, string google)
    {
        var s = Enum.Parse<AvailabilityState>(state);
        Assert.Equal(schemaOrg, SearchAvailability.SchemaOrg(s));
        Assert.Equal(google, SearchAvailability.Google(s));
    }

    [Fact]
    public void EveryStateIsMapped() =>
        Assert.All(Enum.GetValues<AvailabilityState>(), s => Assert.StartsWith("https://schema.org/", SearchAvailability.SchemaOrg(s), StringComparison.Ordinal));

    [Fact]
    public void ABackorder_StartsOnItsShipByDay_WithAnOffset()
    {
        var a = Facts.Product().Backorderable().Delivering((10, 5)).Evaluate();

        Assert.Equal(new DateTimeOffset(2027, 3, 13, 0, 0, 0, TimeSpan.Zero), SearchAvailability.Starts(a));
        Assert.Equal("2027-03-13T00:00+00:00", SearchAvailability.Iso8601(SearchAvailability.Starts(a)!.Value));
    }

    [Fact]
    public void APreOrder_StartsOnReleaseDay()
    {
        var a = (Facts.Product(onHand: 10) with { ReleaseDate = Facts.Today.AddDays(20) }).Evaluate();

        Assert.Equal(AvailabilityState.PreOrder, a.State);
        Assert.Equal(new DateTimeOffset(2027, 3, 21, 0, 0, 0, TimeSpan.Zero), SearchAvailability.Starts(a));
    }

    [Fact]
    public void InStockAndOutOfStock_HaveNoStartDate_EvenWhenStockIsExpectedBack()
    {
        Assert.Null(SearchAvailability.Starts(Facts.Product(onHand: 10).Evaluate()));
        var expectedBack = Facts.Product().Delivering((10, 5)).Evaluate();
        Assert.Equal(AvailabilityState.OutOfStock, expectedBack.State);
        Assert.Null(SearchAvailability.Starts(expectedBack));
        Assert.Null(SearchAvailability.Starts((Facts.Product() with { Status = ProductStatus.Discontinued }).Evaluate()));
    }
}
