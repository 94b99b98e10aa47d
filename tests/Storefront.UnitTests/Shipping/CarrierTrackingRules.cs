using Microsoft.Extensions.Options;
using Storefront.Core.Shipping;

namespace Storefront.UnitTests.Shipping;

public class CarrierTrackingRules
{
    private static CarrierTracking Tracking(ShippingOptions? options = null) => new(Options.Create(options ?? new ShippingOptions()));

    [Theory]
    [InlineData("UPS", "1Z999AA10123456784", "https://www.ups.com/track?tracknum=1Z999AA10123456784")]
    [InlineData("royal mail", "AB123456789GB", "https://www.royalmail.com/track-your-item#/tracking-results/AB123456789GB")]
    [InlineData("RoyalMail", "AB 1", "https://www.royalmail.com/track-your-item#/tracking-results/AB%201")]
    [InlineData("fedex", "7", "https://www.fedex.com/fedextrack/?trknbr=7")]
    public void KnownCarriersGetTheirTrackingLinkWhateverTheirSpelling(string carrier, string number, string expected) =>
        Assert.Equal(expected, Tracking().UrlFor(carrier, number));

    [Fact]
    public void AnOtherCarrierOrNoNumberHasNoLinkAndConfigurationAddsOne()
    {
        Assert.Null(Tracking().UrlFor("Other", "123"));
        Assert.Null(Tracking().UrlFor("UPS", " "));
        var options = new ShippingOptions();
        options.TrackingUrls["Local Courier"] = "https://courier.example/t/{0}";
        Assert.Equal("https://courier.example/t/9", Tracking(options).UrlFor("LOCAL-COURIER", "9"));
    }
}
