using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Etas;
using Storefront.Core.Inventory;
using Storefront.Core.Orders;

namespace Storefront.Tests.Inventory;

/// <summary>
/// Queue: A 3 units (ETA from delivery 1, day 10), B 3 and C 2 (delivery 2, day 20), D 4 (restock
/// date, day 40); 2 handling days. Changing a delivery or the restock date moves exactly the ETAs
/// that depend on it, records each move with who and why, and never touches the promised ETA.
/// </summary>
public sealed class EtaRecalculationRules(StorefrontHost host) : InventoryTestBase(host)
{
    private int _productId;
    private int _delivery1;
    private int _delivery2;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var product = await App.Data().Product("ETA-1").OutOfStock().Backorderable()
            .WithDelivery(Today.AddDays(10), 5).WithDelivery(Today.AddDays(20), 5).RestockExpected(Today.AddDays(40)).SaveAsync();
        _productId = product.Id;
        _delivery1 = await DeliveryIdAsync(product.Id, Today.AddDays(10));
        _delivery2 = await DeliveryIdAsync(product.Id, Today.AddDays(20));
        await PlacePaidOrderAsync(_productId, 3, "a@example.test");
        await PlacePaidOrderAsync(_productId, 3, "b@example.test");
        await PlacePaidOrderAsync(_productId, 2, "c@example.test");
        await PlacePaidOrderAsync(_productId, 4, "d@example.test");
    }

    [Fact]
    public async Task OrdersPlacedGetPositionAwarePromises()
    {
        var lines = await BackorderLinesAsync(_productId);
        Assert.Equal([Day(12), Day(22), Day(22), Day(42)], lines.Select(l => l.PromisedEta));
    }

    [Fact]
    public async Task DeliveryMovedLater_PreviewCountsTheMovesAndApplyRecordsWhoAndWhy()
    {
        var input = new DeliveryInput(5, Today.AddDays(25), "PO-1");
        var preview = await WithAsync(s => s.GetRequiredService<Deliveries>().PreviewEditAsync(_delivery1, input));

        Assert.Equal((4, 3, 3, 3, 0, 10, 0, 0), (preview!.OpenLines, preview.LinesMoved, preview.CustomersAffected, preview.LinesLater, preview.LinesEarlier, preview.MaxDaysLater, preview.MaxDaysEarlier, preview.LinesWithoutDate));
        Assert.Contains("3 customers' ETAs move", preview.Summary, StringComparison.Ordinal);
        Assert.Contains("later by up to 10 days", preview.Summary, StringComparison.Ordinal);

        var outcome = await WithAsync(s => s.GetRequiredService<Deliveries>().EditAsync(_delivery1, input, "buyer@example.test", "Supplier delayed"));

        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
        var lines = await BackorderLinesAsync(_productId);
        Assert.Equal([Day(22), Day(27), Day(27), Day(42)], lines.Select(l => l.CurrentEta));
        Assert.Equal([Day(12), Day(22), Day(22), Day(42)], lines.Select(l => l.PromisedEta));
        var change = Assert.Single(lines[0].EtaChanges);
        Assert.Equal((Day(12), Day(22), "buyer@example.test"), (change.OldEta, change.NewEta, change.ChangedBy));
        Assert.Contains("Supplier delayed", change.Reason, StringComparison.Ordinal);
        Assert.Contains("date 2027-03-11 → 2027-03-26", change.Reason, StringComparison.Ordinal);
        Assert.Equal((EtaChangeKind.DeliveryRescheduled, "Our supplier's shipment is running late"), (change.Kind, change.CustomerReason));
        Assert.Empty(lines[3].EtaChanges);
    }

    [Fact]
    public async Task DeliveryMovedEarlier_MovesItsLinesEarlier()
    {
        var outcome = await WithAsync(s => s.GetRequiredService<Deliveries>().EditAsync(_delivery2, new DeliveryInput(5, Today.AddDays(12), "PO-2"), "buyer", "Came early"));

        Assert.Equal((2, 2, 0, 2, 8), (outcome.Etas!.LinesMoved, outcome.Etas.CustomersAffected, outcome.Etas.LinesLater, outcome.Etas.LinesEarlier, outcome.Etas.MaxDaysEarlier));
        var lines = await BackorderLinesAsync(_productId);
        Assert.Equal([Day(12), Day(14), Day(14), Day(42)], lines.Select(l => l.CurrentEta));
    }

    [Fact]
    public async Task DeliveryQuantityReduced_PushesLaterLinesToTheNextSource()
    {
        var outcome = await WithAsync(s => s.GetRequiredService<Deliveries>().EditAsync(_delivery1, new DeliveryInput(2, Today.AddDays(10), "PO-1"), "buyer", "Short shipment"));

        Assert.True(outcome.Succeeded);
        var lines = await BackorderLinesAsync(_productId);
        Assert.Equal([Day(22), Day(22), Day(42), Day(42)], lines.Select(l => l.CurrentEta));
        Assert.Equal((2, 20), (outcome.Etas!.LinesMoved, outcome.Etas.MaxDaysLater));
        Assert.Equal("Our supplier is sending fewer units than expected", lines[0].EtaChanges.Single().CustomerReason);
    }

    [Fact]
    public async Task DeliveryCancelled_ItsLinesFallBackToTheRestockDate()
    {
        var preview = await WithAsync(s => s.GetRequiredService<Deliveries>().PreviewCancelAsync(_delivery2));
        Assert.Equal((2, 20), (preview!.LinesMoved, preview.MaxDaysLater));

        var outcome = await WithAsync(s => s.GetRequiredService<Deliveries>().CancelAsync(_delivery2, "buyer", "Supplier cancelled the PO"));

        Assert.True(outcome.Succeeded);
        var lines = await BackorderLinesAsync(_productId);
        Assert.Equal([Day(12), Day(42), Day(42), Day(42)], lines.Select(l => l.CurrentEta));
        Assert.All(lines.Skip(1).Take(2), l => Assert.Contains("cancelled: Supplier cancelled the PO", Assert.Single(l.EtaChanges).Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task NewDeliveryMovesTheLinesItCoversEarlier()
    {
        var outcome = await WithAsync(s => s.GetRequiredService<Deliveries>().CreateAsync(_productId, new DeliveryInput(10, Today.AddDays(30), "PO-3"), "buyer"));

        Assert.True(outcome.Succeeded);
        var lines = await BackorderLinesAsync(_productId);
        Assert.Equal(Day(32), lines[3].CurrentEta);
        Assert.Equal((1, 0, 1, 10), (outcome.Etas!.LinesMoved, outcome.Etas.LinesLater, outcome.Etas.LinesEarlier, outcome.Etas.MaxDaysEarlier));
    }

    [Fact]
    public async Task RestockDateChanged_MovesOnlyLinesBeyondTheDeliveries()
    {
        var preview = await WithAsync(s => s.GetRequiredService<EtaRecalculation>().PreviewRestockChangeAsync(_productId, Today.AddDays(50)));
        Assert.Equal((1, 1, 10), (preview.LinesMoved, preview.LinesLater, preview.MaxDaysLater));

        var applied = (await WithAsync(s => s.GetRequiredService<Deliveries>().SetRestockDateAsync(_productId, Today.AddDays(50), "Factory closed", "buyer"))).Etas;

        Assert.Equal(1, applied!.LinesMoved);
        var lines = await BackorderLinesAsync(_productId);
        Assert.Equal([Day(12), Day(22), Day(22), Day(52)], lines.Select(l => l.CurrentEta));
        var change = Assert.Single(lines[3].EtaChanges);
        Assert.Equal(("buyer", "Restock date set to 2027-04-20: Factory closed"), (change.ChangedBy, change.Reason));
        Assert.Equal("Our next restock is expected later than planned", change.CustomerReason);
        Assert.Equal(Day(42), lines[3].PromisedEta);
        var product = await App.WithDbAsync(db => db.Products.FindAsync(_productId).AsTask());
        Assert.Equal((Today.AddDays(50), "Factory closed"), (product!.RestockDate, product.RestockNote));
    }

    [Fact]
    public async Task RestockDateCleared_LinesWithNoDateKeepTheirEtaAndThePreviewSaysSo()
    {
        var preview = await WithAsync(s => s.GetRequiredService<EtaRecalculation>().PreviewRestockChangeAsync(_productId, null));
        Assert.Equal((0, 1, 1), (preview.LinesMoved, preview.LinesWithoutDate, preview.CustomersWithoutDate));
        Assert.Contains("no date at all", preview.Summary, StringComparison.Ordinal);

        await WithAsync(s => s.GetRequiredService<Deliveries>().SetRestockDateAsync(_productId, null, null, "buyer"));

        var lines = await BackorderLinesAsync(_productId);
        Assert.Equal(Day(42), lines[3].CurrentEta);
        Assert.Empty(lines[3].EtaChanges);
    }

    [Fact]
    public async Task ReceivingADeliveryLeavesTheRemainingQueueEtasConsistent()
    {
        var outcome = await WithAsync(s => s.GetRequiredService<Receiving>().ReceiveDeliveryAsync(_delivery1, 5, "clerk"));

        Assert.Equal(5, outcome.Result!.FilledUnits);
        var lines = await BackorderLinesAsync(_productId);
        var open = lines.Where(l => l.Status == BackorderStatus.Open).ToList();
        // B's last unit is now position 1 of delivery 2's five; C and D unchanged.
        Assert.Equal([Day(22), Day(22), Day(42)], open.Select(l => l.CurrentEta));
    }

    private static DateOnly Day(int days) => Today.AddDays(days);
}
