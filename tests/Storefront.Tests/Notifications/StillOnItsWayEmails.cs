using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Common;
using Storefront.Core.Inventory;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;

namespace Storefront.Tests.Notifications;

/// <summary>"Still on its way" every N days while a paid backorder stays open, never after it was filled or cancelled.</summary>
public sealed class StillOnItsWayEmails(StorefrontHost host) : NotificationTestBase(host)
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Notifications:StillOnItsWayDays"] = "14" };

    [Fact]
    public async Task AnOpenBackorder_HearsAfterNDays_NotAgainWithinN_AndAgainAfterN_WhileFilledAndCancelledOnesNeverDo()
    {
        var kettle = await Data.Product("WAIT-1").Named("Copper Kettle").OutOfStock().Backorderable().WithDelivery(Today.AddDays(40), 20).SaveAsync();
        var filledFirst = await PlacePaidAsync("filled@example.com", (kettle.Id, 1));
        var cancelled = await PlacePaidAsync("cancelled@example.com", (kettle.Id, 1));
        var waiting = await PlacePaidAsync("waiting@example.com", (kettle.Id, 2));
        await CancelBackorderAsync(cancelled.Id);
        // A unit turns up: the oldest order (filled@) is served and gets its "ships soon" email.
        await WithAsync(sp => sp.GetRequiredService<StockAdjustments>().AdjustAsync(kettle.Id, 1, "Found one", "staff@example.test"));
        Assert.Equal("filled@example.com", To(Assert.Single(await DeliveredAsync(expected: 1))));

        Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromHours(1));
        Assert.Equal(0, await RunJobAsync());
        Assert.Empty(await DeliveredAsync());

        Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await RunJobAsync());
        var update = Assert.Single(await DeliveredAsync(expected: 1));
        Assert.Equal("waiting@example.com", To(update));
        Assert.Contains(waiting.Number, update.Subject, StringComparison.Ordinal);
        Assert.Contains("still on its way", update.Subject, StringComparison.Ordinal);
        AssertBothSay(update, "Kettle & Co", "2 × Copper Kettle", $"expected to ship by {DateText.ForPeople(Today.AddDays(42))}",
            "waiting for 14 days", "View your order", "Open your order to cancel the backordered items for a full refund", OrderLink(waiting));

        Assert.Equal(0, await RunJobAsync());
        Clock.Advance(TimeSpan.FromDays(13));
        Assert.Equal(0, await RunJobAsync());
        Assert.Empty(await DeliveredAsync());

        Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await RunJobAsync());
        var second = Assert.Single(await DeliveredAsync(expected: 1));
        Assert.Equal("waiting@example.com", To(second));
        AssertBothSay(second, "waiting for 28 days");

        await App.WithDbAsync(async db =>
        {
            var updates = await db.OutboxMessages.Where(m => m.Kind == MessageKinds.StillOnItsWay).Select(m => m.OrderId).ToListAsync();
            Assert.Equal([waiting.Id, waiting.Id], updates);
            Assert.DoesNotContain(filledFirst.Id, updates);
        });
    }

    [Fact]
    public async Task AnOrderFilledBeforeItsNthDay_NeverHears()
    {
        var kettle = await Data.Product("WAIT-2").Named("Copper Kettle").OutOfStock().Backorderable().WithDelivery(Today.AddDays(40), 20).SaveAsync();
        await PlacePaidAsync("ada@example.com", (kettle.Id, 1));
        Clock.Advance(TimeSpan.FromDays(10));
        await WithAsync(sp => sp.GetRequiredService<Receiving>().ReceiveAsync(kettle.Id, 1, null, "staff@example.test"));

        Clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(0, await RunJobAsync());
        var mail = await DeliveredAsync(expected: 1);
        Assert.DoesNotContain(mail, m => (m.Subject ?? "").Contains("still on its way", StringComparison.Ordinal));
    }

    private Task<int> RunJobAsync() => WithAsync(sp => sp.GetRequiredService<StillOnItsWayReminders>().SendDueAsync());

    /// <summary>The customer cancels the backordered part (the cancellation service's effect on the rows).</summary>
    private Task CancelBackorderAsync(int orderId) => App.WithDbAsync(async db =>
    {
        var lines = await db.OrderLines.Include(l => l.Backorders).Where(l => l.OrderId == orderId).ToListAsync();
        foreach (var line in lines)
        {
            foreach (var backorder in line.Backorders.Where(b => b.Status == BackorderStatus.Open))
            {
                await db.Stock.Where(s => s.ProductId == line.ProductId)
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.Backordered, s => s.Backordered - backorder.Quantity));
                backorder.CancelledQuantity += backorder.Quantity;
                backorder.Quantity = 0;
                backorder.Status = BackorderStatus.Cancelled;
            }
            line.CancelledQuantity += line.BackorderedQuantity;
            line.BackorderedQuantity = 0;
        }
        await db.SaveChangesAsync();
        return 0;
    });
}
