using System.Net;
using Storefront.Core.Orders;

namespace Storefront.Tests.Incentives;

/// <summary>Split or together: the shipping charge follows the shopper's choice and the merchant's free-shipping setting.</summary>
public sealed class ShippingChoiceCharges(StorefrontHost host) : IncentivesTestBase(host)
{
    private async Task<Order> PlaceMixedAsync(string? choice)
    {
        var (shelf, waiting) = await MixedCatalogAsync();
        var extra = choice is null ? [] : new[] { Field("Input.Shipping", choice) };
        var placed = await Shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(shelf, 1), (waiting, 1)], extra: extra);
        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        return (await OrdersAsync()).Single();
    }

    [Fact]
    public async Task SplitShipping_ChargesTheFlatRateTwice_ByDefault()
    {
        var order = await PlaceMixedAsync("Split");

        Assert.Equal(ShippingChoice.Split, order.ShippingChoice);
        Assert.Equal(599 + 599, order.ShippingAmount);
        Assert.Equal(6000 + 1198, order.TotalAmount);
    }

    [Fact]
    public async Task ShippingTogether_ChargesTheFlatRateOnce()
    {
        var order = await PlaceMixedAsync("Together");

        Assert.Equal(ShippingChoice.Together, order.ShippingChoice);
        Assert.Equal(599, order.ShippingAmount);
        Assert.Equal(6599, order.TotalAmount);
    }

    [Fact]
    public async Task AFormWithoutTheChoice_ShipsTogetherAtTheFlatRate()
    {
        var order = await PlaceMixedAsync(null);

        Assert.Equal(ShippingChoice.Together, order.ShippingChoice);
        Assert.Equal(599, order.ShippingAmount);
    }

    [Fact]
    public async Task FreeShippingOnBackorders_MakesTheSecondShipmentOfASplitOrderFree()
    {
        await SetIncentivesAsync(s => s.FreeShippingOnBackorders = true);

        var order = await PlaceMixedAsync("Split");

        Assert.Equal(599, order.ShippingAmount);
        Assert.Equal(6599, order.TotalAmount);
    }

    [Fact]
    public async Task FreeShippingOnBackorders_MakesAnOrderShippedTogetherFree()
    {
        await SetIncentivesAsync(s => s.FreeShippingOnBackorders = true);

        var order = await PlaceMixedAsync("Together");

        Assert.Equal(0, order.ShippingAmount);
        Assert.Equal(6000, order.TotalAmount);
    }

    [Fact]
    public async Task FreeShippingOnBackorders_LeavesOrdersWithNothingBackorderedAtTheFlatRate()
    {
        await SetIncentivesAsync(s => s.FreeShippingOnBackorders = true);
        var (shelf, _) = await MixedCatalogAsync();

        var placed = await Shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(shelf, 2)], acceptBackorder: false,
            extra: [Field("Input.Shipping", "Split")]);

        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        var order = (await OrdersAsync()).Single();
        Assert.Equal(ShippingChoice.OneShipment, order.ShippingChoice);
        Assert.Equal(599, order.ShippingAmount);
    }

    [Fact]
    public async Task TheCheckoutPage_AsksHowToShipOnlyWhenSomethingIsBackordered()
    {
        var (shelf, waiting) = await MixedCatalogAsync();
        await Shopper.AddToCartAsync(shelf.ToString(System.Globalization.CultureInfo.InvariantCulture), "1");

        var inStockOnly = await Shopper.Client.GetStringAsync("/Checkout");
        Assert.DoesNotContain("How should we ship it?", inStockOnly, StringComparison.Ordinal);
        Assert.Contains("Discount code", inStockOnly, StringComparison.Ordinal);

        await Shopper.AddToCartAsync(waiting.ToString(System.Globalization.CultureInfo.InvariantCulture), "1");
        var mixed = WebUtility.HtmlDecode(await Shopper.Client.GetStringAsync("/Checkout"));
        Assert.Contains("<legend class=\"h5\">How should we ship it?</legend>", mixed, StringComparison.Ordinal);
        Assert.Contains("Ship what's available now, the rest when it arrives — <span class=\"fw-semibold\">$11.98</span>", mixed, StringComparison.Ordinal);
        Assert.Contains("Ship everything together — <span class=\"fw-semibold\">$5.99</span>", mixed, StringComparison.Ordinal);
        Assert.Contains("required", mixed, StringComparison.Ordinal);
    }
}

/// <summary>The second shipment's price comes from configuration.</summary>
public sealed class ConfiguredSplitShipmentCharge(StorefrontHost host) : IncentivesTestBase(host)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Shipping:SplitShipmentExtraAmount"] = "250",
    };

    [Fact]
    public async Task SplitShipping_ChargesTheFlatRatePlusTheConfiguredExtra()
    {
        var (shelf, waiting) = await MixedCatalogAsync();

        var placed = await Shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(shelf, 1), (waiting, 1)], extra: [Field("Input.Shipping", "Split")]);

        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        Assert.Equal(599 + 250, (await OrdersAsync()).Single().ShippingAmount);
    }
}
