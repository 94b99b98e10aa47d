using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Availability;
using Storefront.Core.Inventory;
using Storefront.Core.Suppliers;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Inventory;

/// <summary>
/// Every receipt records expected against actual date; a supplier's 80th-percentile lateness then
/// moves what shoppers are quoted when the store quotes the likely date (Backorders:QuotedDate).
/// </summary>
public sealed class SupplierRecordAndLikelyDates(StorefrontHost host) : InventoryTestBase(host), IClassFixture<StorefrontHost>
{
    protected override Task<StorefrontOptions> OptionsAsync() => Task.FromResult(new StorefrontOptions
    {
        Settings = new Dictionary<string, string?> { ["Backorders:QuotedDate"] = "LikelyDate" },
    });

    private DateOnly Now => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    /// <summary>Five Acme deliveries, each expected tomorrow and received 0, 2, 5, 3 days early and 10 days late.</summary>
    private async Task AcmeHistoryAsync(int productId)
    {
        foreach (var late in new[] { 0, 2, 5, -3, 10 })
        {
            var created = await WithAsync(sp => sp.GetRequiredService<Deliveries>().CreateAsync(productId, new DeliveryInput(1, Now.AddDays(4), "PO", "Acme Tools"), "staff"));
            Assert.True(created.Succeeded, string.Join("; ", created.Errors));
            Clock.Advance(TimeSpan.FromDays(4 + late));
            var received = await WithAsync(sp => sp.GetRequiredService<Receiving>().ReceiveDeliveryAsync(created.Delivery!.Id, 1, "staff"));
            Assert.True(received.Succeeded, string.Join("; ", received.Errors));
        }
    }

    [Fact]
    public async Task ReceiptsGiveTheSupplierItsPercentilesAndTheLikelyDateMovesQuotesAndPromises()
    {
        var data = App.Data();
        var history = await data.Product("SUP-1").OnHand(0).SaveAsync();
        await AcmeHistoryAsync(history.Id);

        var record = Assert.Single(await WithAsync(sp => sp.GetRequiredService<SupplierReliability>().ListAsync()));
        Assert.Equal("Acme Tools", record.Supplier.Name);
        Assert.Equal(new ReliabilityFigures(5, 0.4, 2, 5), record.Figures);
        Assert.Equal(5, record.Supplier.LikelyLateDays);
        var receipts = await WithAsync(sp => sp.GetRequiredService<SupplierReliability>().ReceiptsAsync(record.Supplier.Id));
        Assert.Equal([10, -3, 5, 2, 0], receipts.Select(r => r.DaysLate));
        Assert.All(receipts, r => Assert.Equal(r.ReceivedOn.DayNumber - r.ExpectedDate.DayNumber, r.DaysLate));

        // A new product on a delivery from Acme due in 10 days: quoted 10 + 5 (its 80th percentile) + 2 handling days.
        var kettle = await data.Product("SUP-2").OutOfStock().Backorderable().SaveAsync();
        var other = await data.Product("SUP-3").OutOfStock().Backorderable().SaveAsync();
        Assert.True((await WithAsync(sp => sp.GetRequiredService<Deliveries>().CreateAsync(kettle.Id, new DeliveryInput(5, Now.AddDays(10), "PO", "ACME TOOLS"), "staff"))).Succeeded);
        Assert.True((await WithAsync(sp => sp.GetRequiredService<Deliveries>().CreateAsync(other.Id, new DeliveryInput(5, Now.AddDays(10), "PO", "New Supplier"), "staff"))).Succeeded);

        var quoted = await WithAsync(sp => sp.GetRequiredService<AvailabilityService>().ForProductAsync(kettle.Id));
        Assert.Equal(Now.AddDays(17), quoted!.Eta);
        // A supplier with no receipts yet has no record to add: its own date.
        Assert.Equal(Now.AddDays(12), (await WithAsync(sp => sp.GetRequiredService<AvailabilityService>().ForProductAsync(other.Id)))!.Eta);

        var order = await PlacePaidOrderAsync(kettle.Id, 1);
        var line = (await BackorderLinesAsync(kettle.Id)).Single();
        Assert.Equal((Now.AddDays(17), Now.AddDays(17)), (line.PromisedEta, line.CurrentEta));
        Assert.Equal(1, await App.WithDbAsync(db => db.Suppliers.CountAsync(s => s.Name == "Acme Tools")));
        Assert.NotNull(order);
    }
}
