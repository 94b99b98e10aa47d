using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Inventory;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;

namespace Storefront.Tests.Notifications;

/// <summary>Stock that fills backorders tells each paid customer, once per fill, whichever way the units came.</summary>
public sealed class BackorderFilledEmails(StorefrontHost host) : NotificationTestBase(host)
{
    [Fact]
    public async Task AReceiptFillingThreeOrders_SendsThreeEmailsListingEachOrdersItems_AndNoneToAnUnpaidOrder()
    {
        var kettle = await Data.Product("FILL-1").Named("Copper Kettle").OutOfStock().Backorderable().WithDelivery(Today.AddDays(10), 20).SaveAsync();
        var ada = await PlacePaidAsync("ada@example.com", (kettle.Id, 2));
        var bob = await PlacePaidAsync("bob@example.com", (kettle.Id, 1));
        var cy = await PlacePaidAsync("cy@example.com", (kettle.Id, 3));
        await PlaceAsync("unpaid@example.com", (kettle.Id, 1));

        var receipt = await WithAsync(sp => sp.GetRequiredService<Receiving>().ReceiveAsync(kettle.Id, 7, "PO-7", "staff@example.test"));
        Assert.True(receipt.Succeeded);
        Assert.Equal(7, receipt.Result!.FilledUnits);

        var mail = await DeliveredAsync(expected: 3);
        Assert.Equal(["ada@example.com", "bob@example.com", "cy@example.com"], mail.Select(To).Order());
        foreach (var (order, units) in new[] { (ada, 2), (bob, 1), (cy, 3) })
        {
            var message = Assert.Single(mail, m => To(m) == order.Email);
            Assert.Contains(order.Number, message.Subject, StringComparison.Ordinal);
            AssertBothSay(message, "Kettle & Co", $"{units} × Copper Kettle", "ships soon", OrderLink(order));
        }
        Assert.Empty(await DeliveredAsync());
    }

    [Fact]
    public async Task AStockAdjustmentThatFillsABackorderPartly_EmailsWhatWasFilled_AndTheNextFillEmailsAgain()
    {
        var kettle = await Data.Product("FILL-2").Named("Copper Kettle").OutOfStock().Backorderable().WithDelivery(Today.AddDays(10), 20).SaveAsync();
        var ada = await PlacePaidAsync("ada@example.com", (kettle.Id, 5));

        var adjusted = await WithAsync(sp => sp.GetRequiredService<StockAdjustments>().AdjustAsync(kettle.Id, 2, "Found in the back room", "staff@example.test"));
        Assert.Equal(AdjustmentOutcome.Adjusted, adjusted.Outcome);
        var first = Assert.Single(await DeliveredAsync(expected: 1));
        AssertBothSay(first, "2 × Copper Kettle", OrderLink(ada));

        await WithAsync(sp => sp.GetRequiredService<Receiving>().ReceiveAsync(kettle.Id, 3, null, "staff@example.test"));
        var second = Assert.Single(await DeliveredAsync(expected: 1));
        AssertBothSay(second, "3 × Copper Kettle");
        await App.WithDbAsync(async db =>
            Assert.Equal(2, await db.OutboxMessages.CountAsync(m => m.OrderId == ada.Id && m.Kind == MessageKinds.BackorderFilled)));
    }
}
