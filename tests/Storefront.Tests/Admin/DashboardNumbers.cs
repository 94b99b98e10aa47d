using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Identity;
using Storefront.Core.Inventory;
using Storefront.Core.Reports;
using Storefront.Core.Shipping;
using Storefront.Tests.Checkout;
using Storefront.Tests.Orders;

namespace Storefront.Tests.Admin;

/// <summary>The dashboard's numbers on a shop whose history is known to the unit and the day.</summary>
public sealed class DashboardNumbers(StorefrontHost host) : CheckoutTestBase(host)
{
    private async Task<Dashboard> LoadAsync()
    {
        await using var scope = App.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<DashboardReport>().LoadAsync();
    }

    /// <summary>
    /// 1 March: A (3 units), C, D and E (1 unit each) are backordered. 21 March: C, D and E arrive and are
    /// filled; C ships within its promise (31 March + handling), D after it (6 March + handling), E waits;
    /// A gets another 2-unit backorder and B (1 on the shelf) a 3-unit order, 2 of them backordered.
    /// D's restock date (6 March) has passed, so it can no longer be backordered; I may never be
    /// backordered and J has no date.
    /// </summary>
    private async Task SeedHistoryAsync()
    {
        var a = await Data.Product("DASH-A").Named("Walnut Desk").Priced(1000).OutOfStock().Backorderable().RestockExpected(Today.AddDays(60)).SaveAsync();
        var b = await Data.Product("DASH-B").Named("Oak Chair").Priced(500).OnHand(1).Backorderable().RestockExpected(Today.AddDays(60)).SaveAsync();
        var c = await Data.Product("DASH-C").OutOfStock().Backorderable().RestockExpected(Today.AddDays(30)).SaveAsync();
        var d = await Data.Product("DASH-D").OutOfStock().Backorderable().RestockExpected(Today.AddDays(5)).SaveAsync();
        var e = await Data.Product("DASH-E").OutOfStock().Backorderable().RestockExpected(Today.AddDays(60)).SaveAsync();
        await Data.Product("DASH-F").Named("Desk Lamp").OnHand(3).LowStockThreshold(5).SaveAsync();
        await Data.Product("DASH-G").OnHand(20).SaveAsync();
        await Data.Product("DASH-H").OutOfStock().Discontinued().SaveAsync();
        await Data.Product("DASH-I").OutOfStock().NotBackorderable().SaveAsync();
        await Data.Product("DASH-J").OutOfStock().Backorderable().SaveAsync();

        await OrderScenario.PlacePaidAsync(App, (a.Id, 3));
        var c1 = await OrderScenario.PlacePaidAsync(App, (c.Id, 1));
        var d1 = await OrderScenario.PlacePaidAsync(App, (d.Id, 1));
        await OrderScenario.PlacePaidAsync(App, (e.Id, 1));

        Clock.Advance(TimeSpan.FromDays(20));
        foreach (var id in new[] { c.Id, d.Id, e.Id })
        {
            await OrderScenario.ReceiveAsync(App, id, 1);
        }
        Assert.Equal(Core.Shipping.ShipOutcome.Shipped, (await OrderScenario.ShipAsync(App, c1.Id)).Outcome);
        Assert.Equal(Core.Shipping.ShipOutcome.Shipped, (await OrderScenario.ShipAsync(App, d1.Id)).Outcome);
        await OrderScenario.PlacePaidAsync(App, (a.Id, 2));
        await OrderScenario.PlacePaidAsync(App, (b.Id, 3));
    }

    [Fact]
    public async Task OpenBackordersAreCountedAndValuedPerProduct_AtThePriceCustomersPaid()
    {
        await SeedHistoryAsync();

        var dashboard = await LoadAsync();

        Assert.Equal([("DASH-A", 5, 5000L), ("DASH-B", 2, 1000L)], dashboard.Backordered.Select(p => (p.Sku, p.Units, p.ValueAmount)));
        Assert.Equal(7, dashboard.BackorderedUnits);
    }

    [Fact]
    public async Task BackorderAges_FallIntoTheirBuckets()
    {
        await SeedHistoryAsync();

        var ages = (await LoadAsync()).Ages;

        Assert.Equal(["0–7 days", "8–14 days", "15–30 days", "31–60 days", "over 60 days"], ages.Select(a => a.Label));
        Assert.Equal([2, 0, 1, 0, 0], ages.Select(a => a.Lines));
        Assert.Equal([4, 0, 3, 0, 0], ages.Select(a => a.Units));
    }

    /// <summary>"Out of stock" used to count every product with nothing on the shelf, backorderable ones too (A–E here).</summary>
    [Fact]
    public async Task ReorderAlerts_SeparateOutOfStockFromOnBackorderAndLowStock_AsShoppersSeeThem()
    {
        await SeedHistoryAsync();

        var stock = (await LoadAsync()).Stock;

        Assert.Equal(["DASH-D", "DASH-I", "DASH-J"], stock.OutOfStock.Select(a => a.Sku).Order());
        Assert.Equal(["DASH-A", "DASH-B", "DASH-C", "DASH-E"], stock.OnBackorder.Select(a => a.Sku).Order());
        Assert.Equal("DASH-F", Assert.Single(stock.LowStock).Sku);
        Assert.Equal("Only 3 left", stock.LowStock[0].Badge);
        Assert.Equal((3, 4, 1), (stock.OutOfStockCount, stock.OnBackorderCount, stock.LowStockCount));
    }

    /// <summary>The lists stop at 50; the counts were the lists' lengths, so 60 out-of-stock products read 50.</summary>
    [Fact]
    public async Task ReorderAlertCounts_CountEveryProduct_BeyondTheListedFifty()
    {
        for (var i = 0; i < DashboardReport.AlertLimit + 10; i++)
        {
            await Data.Product($"OUT-{i:00}").OutOfStock().SaveAsync();
        }
        await Data.Product("LOW-1").OnHand(2).LowStockThreshold(5).SaveAsync();

        var stock = (await LoadAsync()).Stock;

        Assert.Equal((60, 0, 1), (stock.OutOfStockCount, stock.OnBackorderCount, stock.LowStockCount));
        Assert.Equal(DashboardReport.AlertLimit, stock.OutOfStock.Count);
    }

    /// <summary>The alerts read the shop's cached product facts: a sale or a delivery must show on the very next load.</summary>
    [Fact]
    public async Task ReorderAlerts_ShowAStockChange_OnTheVeryNextLoad()
    {
        var lamp = await Data.Product("NEXT-A").OnHand(3).LowStockThreshold(5).SaveAsync();
        var before = (await LoadAsync()).Stock;
        Assert.Equal((0, 0, 1), (before.OutOfStockCount, before.OnBackorderCount, before.LowStockCount));

        await OrderScenario.PlacePaidAsync(App, (lamp.Id, 3));
        var sold = (await LoadAsync()).Stock;
        Assert.Equal((1, 0, 0), (sold.OutOfStockCount, sold.OnBackorderCount, sold.LowStockCount));

        await OrderScenario.ReceiveAsync(App, lamp.Id, 2);
        var restocked = (await LoadAsync()).Stock;
        Assert.Equal((0, 0, 1), (restocked.OutOfStockCount, restocked.OnBackorderCount, restocked.LowStockCount));
        Assert.Equal("Only 2 left", Assert.Single(restocked.LowStock).Badge);
    }

    /// <summary>Nothing changes in the database when a restock date passes: the next day's load still moves the product.</summary>
    [Fact]
    public async Task ReorderAlerts_FollowTheDate_WhenARestockDatePasses()
    {
        await Data.Product("DATE-A").OutOfStock().Backorderable().RestockExpected(Today.AddDays(2)).SaveAsync();
        var before = (await LoadAsync()).Stock;
        Assert.Equal("DATE-A", Assert.Single(before.OnBackorder).Sku);

        Clock.Advance(TimeSpan.FromDays(3));
        var after = (await LoadAsync()).Stock;
        Assert.Empty(after.OnBackorder);
        Assert.Equal("DATE-A", Assert.Single(after.OutOfStock).Sku);
    }

    [Fact]
    public async Task EtaAccuracy_ComparesShippedDatesWithPromisedOnes()
    {
        await SeedHistoryAsync();

        var accuracy = (await LoadAsync()).EtaAccuracy;

        Assert.Equal((1, 1, 1), (accuracy.OnTime, accuracy.Late, accuracy.Pending));
        Assert.Equal(50, accuracy.Percent);
    }

    /// <summary>
    /// Two products backordered on 1 March. Acme's delivery for the first comes on 4 March, within the
    /// promise; Brightline's for the second on 21 March, after it. Each shipped line counts for the
    /// supplier whose delivery filled it, in the month it shipped.
    /// </summary>
    [Fact]
    public async Task PromisedAgainstActual_IsShownByMonthAndSupplier()
    {
        var early = await Data.Product("ACC-A").OutOfStock().Backorderable().RestockExpected(Today.AddDays(10)).SaveAsync();
        var late = await Data.Product("ACC-B").OutOfStock().Backorderable().RestockExpected(Today.AddDays(10)).SaveAsync();
        var first = await OrderScenario.PlacePaidAsync(App, (early.Id, 1));
        var second = await OrderScenario.PlacePaidAsync(App, (late.Id, 1));
        int acme, brightline;
        await using (var scope = App.CreateScope())
        {
            var deliveries = scope.ServiceProvider.GetRequiredService<Deliveries>();
            acme = (await deliveries.CreateAsync(early.Id, new DeliveryInput(1, Today.AddDays(3), null, "Acme"), "tests")).Delivery!.Id;
            brightline = (await deliveries.CreateAsync(late.Id, new DeliveryInput(1, Today.AddDays(20), null, "Brightline"), "tests")).Delivery!.Id;
        }

        Clock.Advance(TimeSpan.FromDays(3));
        await ReceiveAsync(acme);
        Assert.Equal(Core.Shipping.ShipOutcome.Shipped, (await OrderScenario.ShipAsync(App, first.Id)).Outcome);
        Clock.Advance(TimeSpan.FromDays(17));
        await ReceiveAsync(brightline);
        Assert.Equal(Core.Shipping.ShipOutcome.Shipped, (await OrderScenario.ShipAsync(App, second.Id)).Outcome);

        var promised = await App.WithDbAsync(db => db.BackorderLines.AsNoTracking()
            .ToDictionaryAsync(b => b.OrderId, b => b.PromisedEta));
        var secondLate = Today.AddDays(20).DayNumber - promised[second.Id].DayNumber;
        Assert.True(secondLate > 0, "the second line ships after its promise");
        Assert.True(Today.AddDays(3) <= promised[first.Id], "the first line ships within its promise");

        var rows = (await LoadAsync()).AccuracyByMonth;
        var march = new DateOnly(2027, 3, 1);
        Assert.Equal(
            [(march, "Acme", 1, 1, 0), (march, "Brightline", 1, 0, secondLate)],
            rows.Select(r => (r.Month, r.Supplier, r.Shipped, r.OnTime, r.Figures.MedianDaysLate)).ToList());

        await Shopper.SignInAsNewUserAsync(App, "staff@example.test", Roles.Staff);
        var page = await Shopper.Client.GetStringAsync("/Admin");
        Assert.Contains("id=\"accuracy-by-month\"", page);
        Assert.Contains("Brightline", page);
    }

    private async Task ReceiveAsync(int deliveryId)
    {
        await using var scope = App.CreateScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<Receiving>().ReceiveDeliveryAsync(deliveryId, 1, "tests");
        Assert.Empty(outcome.Errors);
    }

    [Fact]
    public async Task TheDashboardPage_DrawsChartsWithTitlesAndDataTables()
    {
        await SeedHistoryAsync();
        await Shopper.SignInAsNewUserAsync(App, "staff@example.test", Roles.Staff);

        var response = await Shopper.Client.GetAsync("/Admin");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<svg class=\"w-100\" viewBox=", html, StringComparison.Ordinal);
        Assert.Contains("<title id=\"by-product-title\">Open backordered units by product</title>", html, StringComparison.Ordinal);
        Assert.Contains("Walnut Desk: 5 units, $50.00", html, StringComparison.Ordinal);
        Assert.Contains("<title id=\"ages-title\">", html, StringComparison.Ordinal);
        Assert.Contains("id=\"chart-eta\"", html, StringComparison.Ordinal);
        Assert.Contains(">50%<", html, StringComparison.Ordinal);
        Assert.Contains("id=\"by-product\"", html, StringComparison.Ordinal);
        Assert.Contains("$60.00", html, StringComparison.Ordinal);
        Assert.Matches("<span id=\"out-of-stock-count\"[^>]*>3</span> / <span id=\"on-backorder-count\"[^>]*>4</span> / <span id=\"low-stock-count\"[^>]*>1</span>", html);
        Assert.Contains("id=\"on-backorder\"", html, StringComparison.Ordinal);
        // A reorder alert leads staff to the product's stock page, where they can act on it.
        Assert.Matches("<a href=\"/Admin/Products/Stock/[0-9]+\">Desk Lamp</a>", html);
    }

    [Fact]
    public async Task AnEmptyShop_SaysNoDataYet()
    {
        await Shopper.SignInAsNewUserAsync(App, "staff@example.test", Roles.Staff);

        var html = await Shopper.Client.GetStringAsync("/Admin");

        Assert.Contains("No open backorders.", html, StringComparison.Ordinal);
        Assert.Contains("No data yet", html, StringComparison.Ordinal);
        Assert.Contains("Nothing is out of stock.", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(4, 4)]
    [InlineData(5, 8)]
    [InlineData(14, 20)]
    [InlineData(100, 120)]
    [InlineData(1999, 2000)]
    public void ChartAxes_EndOnARoundNumberInFourWholeSteps(int largest, int max)
    {
        Assert.Equal(max, Storefront.Web.Areas.Admin.Pages.IndexModel.AxisMax(largest));
        Assert.Equal(0, max % 4);
    }
}
