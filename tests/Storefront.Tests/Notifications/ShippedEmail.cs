using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Common;
using Storefront.Core.Orders;
using Storefront.Core.Shipping;

namespace Storefront.Tests.Notifications;

/// <summary>Shipping writes the "on its way" email with the parcel: carrier, tracking number, items, and what still waits.</summary>
public sealed class ShippedEmail(StorefrontHost host) : NotificationTestBase(host)
{
    [Fact]
    public async Task ShippingPartOfAnOrder_EmailsCarrierTrackingTheShippedItems_AndTheBackorderStillToCome()
    {
        var apron = await Data.Product("SHIP-1").Named("Linen Apron").OnHand(5).SaveAsync();
        var kettle = await Data.Product("SHIP-2").Named("Copper Kettle").OutOfStock().Backorderable().WithDelivery(Today.AddDays(10), 5).SaveAsync();
        var order = await PlacePaidAsync("ada@example.com", (apron.Id, 2), (kettle.Id, 1));

        // The order ships together (checkout's default): sending the apron first is a staff override, with its reason.
        var shipped = await WithAsync(sp => sp.GetRequiredService<ShippingService>().ShipAsync(
            new ShipRequest(order.Id, ShippingService.NewShipmentKey(), "UPS", "1Z999AA10123456784", "staff@example.test", null,
                OverrideReason: "Customer asked for the apron now")));
        Assert.Equal(ShipOutcome.Shipped, shipped.Outcome);

        var message = Assert.Single(await DeliveredAsync(expected: 1));
        Assert.Equal("ada@example.com", To(message));
        Assert.Contains(order.Number, message.Subject, StringComparison.Ordinal);
        Assert.Contains("shipped", message.Subject, StringComparison.Ordinal);
        Assert.Contains("Carrier: UPS", message.TextBody, StringComparison.Ordinal);
        AssertBothSay(message, "Kettle & Co", "Carrier", "UPS", "Tracking number", "1Z999AA10123456784", "2 × Linen Apron",
            "1 × Copper Kettle", $"expected to ship by {DateText.ForPeople(Today.AddDays(12))}", OrderLink(order));
    }

    [Fact]
    public async Task ASecondSubmitOfTheSameShipment_SendsNoSecondEmail()
    {
        var apron = await Data.Product("SHIP-3").Named("Linen Apron").OnHand(5).SaveAsync();
        var order = await PlacePaidAsync("ada@example.com", (apron.Id, 1));
        var request = new ShipRequest(order.Id, ShippingService.NewShipmentKey(), "DHL", "JD0146000032", "staff@example.test", null);

        Assert.Equal(ShipOutcome.Shipped, (await WithAsync(sp => sp.GetRequiredService<ShippingService>().ShipAsync(request))).Outcome);
        Assert.Equal(ShipOutcome.AlreadyShipped, (await WithAsync(sp => sp.GetRequiredService<ShippingService>().ShipAsync(request))).Outcome);

        var message = Assert.Single(await DeliveredAsync(expected: 1));
        AssertBothSay(message, "DHL", "JD0146000032", "1 × Linen Apron");
        foreach (var body in Bodies(message))
        {
            Assert.DoesNotContain("Still to come", body, StringComparison.Ordinal);
        }
    }
}
