using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Common;
using Storefront.Core.Etas;
using Storefront.Core.Inventory;
using Storefront.Core.Notifications;

namespace Storefront.Tests.Notifications;

/// <summary>An ETA change emails exactly the paid customers whose backorder lines moved, once per change.</summary>
public sealed class EtaChangedEmails(StorefrontHost host) : NotificationTestBase(host)
{
    [Fact]
    public async Task TwoChanges_EmailEachAffectedCustomerTwice_WithOldAndNewDates_AndNobodyElse()
    {
        // 2 handling days: the first delivery's 3 units ship by day 12, the rest by day 22.
        var kettle = await Data.Product("ETA-1").Named("Copper Kettle").OutOfStock().Backorderable()
            .WithDelivery(Today.AddDays(10), 3).WithDelivery(Today.AddDays(20), 10).SaveAsync();
        var other = await Data.Product("ETA-2").Named("Tea Towel").OutOfStock().Backorderable().WithDelivery(Today.AddDays(10), 5).SaveAsync();
        var ada = await PlacePaidAsync("ada@example.com", (kettle.Id, 2));
        var bob = await PlacePaidAsync("bob@example.com", (kettle.Id, 1));
        await PlacePaidAsync("later@example.com", (kettle.Id, 2));
        await PlacePaidAsync("unaffected@example.com", (other.Id, 1));
        var first = await App.WithDbAsync(db => db.InboundDeliveries.Where(d => d.ProductId == kettle.Id).OrderBy(d => d.ExpectedDate).Select(d => d.Id).FirstAsync());

        await EditDeliveryAsync(first, Today.AddDays(15));
        var slipped = await DeliveredAsync(expected: 2);
        Assert.Equal(["ada@example.com", "bob@example.com"], slipped.Select(To).Order());
        var toAda = slipped.Single(m => To(m) == "ada@example.com");
        Assert.Contains(ada.Number, toAda.Subject, StringComparison.Ordinal);
        AssertBothSay(toAda, "Kettle & Co", "2 × Copper Kettle",
            $"was {DateText.ForPeople(Today.AddDays(12))}, now {DateText.ForPeople(Today.AddDays(17))} (5 days later)",
            "We're sorry", "View your order", "Keep my order", "Cancel for a full refund", OrderLink(ada));

        await EditDeliveryAsync(first, Today.AddDays(11));
        var sooner = await DeliveredAsync(expected: 2);
        Assert.Equal(["ada@example.com", "bob@example.com"], sooner.Select(To).Order());
        var toBob = sooner.Single(m => To(m) == "bob@example.com");
        Assert.Contains("Good news", toBob.Subject, StringComparison.Ordinal);
        AssertBothSay(toBob, "1 × Copper Kettle", $"was {DateText.ForPeople(Today.AddDays(17))}, now {DateText.ForPeople(Today.AddDays(13))} (4 days sooner)", OrderLink(bob));
        foreach (var body in Bodies(toBob))
        {
            Assert.DoesNotContain("sorry", body, StringComparison.OrdinalIgnoreCase);
        }

        await App.WithDbAsync(async db =>
        {
            Assert.Equal(4, await db.OutboxMessages.CountAsync(m => m.Kind == MessageKinds.EtaChanged));
            Assert.Equal(2, await db.OutboxMessages.CountAsync(m => m.Kind == MessageKinds.EtaChanged && m.OrderId == ada.Id));
        });
    }

    [Fact]
    public async Task AnOrderWaitingForPayment_GetsNoEtaEmail_WhileAPaidOneWithTheSameMoveDoes()
    {
        var kettle = await Data.Product("ETA-3").Named("Copper Kettle").OutOfStock().Backorderable().WithDelivery(Today.AddDays(10), 10).SaveAsync();
        var paid = await PlacePaidAsync("paid@example.com", (kettle.Id, 1));
        await PlaceAsync("pending@example.com", (kettle.Id, 1));

        var moved = await WithAsync(sp => sp.GetRequiredService<Deliveries>().SetRestockDateAsync(kettle.Id, null, null, "staff@example.test"));
        Assert.Equal(0, moved.Etas!.LinesMoved);
        var delivery = await App.WithDbAsync(db => db.InboundDeliveries.Where(d => d.ProductId == kettle.Id).Select(d => d.Id).SingleAsync());
        await EditDeliveryAsync(delivery, Today.AddDays(30));

        var mail = await DeliveredAsync(expected: 1);
        Assert.Equal("paid@example.com", To(Assert.Single(mail)));
        AssertBothSay(mail[0], OrderLink(paid));
        await App.WithDbAsync(async db => Assert.Equal(2, await db.EtaChanges.CountAsync()));
    }

    /// <summary>Staff move a delivery's date (its quantity unchanged), which recomputes the product's ETAs.</summary>
    private async Task EditDeliveryAsync(int deliveryId, DateOnly date)
    {
        var quantity = await App.WithDbAsync(db => db.InboundDeliveries.Where(d => d.Id == deliveryId).Select(d => d.Quantity).SingleAsync());
        var outcome = await WithAsync(sp => sp.GetRequiredService<Deliveries>().EditAsync(deliveryId,
            new DeliveryInput(quantity, date, "PO-TEST"), "staff@example.test", "Supplier moved it"));
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
    }
}
