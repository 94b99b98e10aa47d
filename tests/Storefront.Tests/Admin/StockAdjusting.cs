using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Checkout;
using Storefront.Core.Inventory;
using Storefront.Core.Orders;

namespace Storefront.Tests.Admin;

/// <summary>Manual stock adjustments: a reason is required, promised units cannot be removed, added units serve backorders oldest first.</summary>
public sealed class StockAdjusting(StorefrontHost host) : AdminTestBase(host)
{
    private Task<HttpResponseMessage> AdjustAsync(int productId, string quantity, string reason) =>
        Staff.PostAsync($"/Admin/Products/Stock/{productId.ToString(CultureInfo.InvariantCulture)}",
            [new("Input.Quantity", quantity), new("Input.Reason", reason)]);

    private Task<Stock> StockAsync(int productId) => App.WithDbAsync(db => db.Stock.AsNoTracking().SingleAsync(s => s.ProductId == productId));

    private Task<int> LedgerRowsAsync(int productId) => App.WithDbAsync(db => db.StockLedger.CountAsync(e => e.ProductId == productId));

    private async Task<Order> PlacePaidOrderAsync(int productId, int quantity, string email)
    {
        await using var scope = App.CreateScope();
        var placement = scope.ServiceProvider.GetRequiredService<OrderPlacement>();
        var result = await placement.PlaceAsync(new PlaceOrderRequest(Guid.NewGuid().ToString("N"), email, null,
            new ShippingAddress("Customer", "1 Road", null, "Town", "12345", "United States"), [new(productId, quantity)], true));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.True(await scope.ServiceProvider.GetRequiredService<OrderHolds>().ConfirmPaidAsync(result.Order!.Id));
        return result.Order;
    }

    [Fact]
    public async Task AnAdjustment_WritesALedgerRowWithTheStaffMemberAndReason()
    {
        var product = await Data.Product("ADJ-1").OnHand(10).SaveAsync();

        var response = await AdjustAsync(product.Id, "-3", "Two mugs broken in the warehouse, one missing");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(7, (await StockAsync(product.Id)).OnHand);
        var entry = await App.WithDbAsync(db => db.StockLedger.Where(e => e.ProductId == product.Id).OrderByDescending(e => e.Id).FirstAsync());
        Assert.Equal(StockChangeKind.Adjustment, entry.Kind);
        Assert.Equal(-3, entry.Quantity);
        Assert.Equal("clerk@storefront.test", entry.Actor);
        Assert.Equal("Two mugs broken in the warehouse, one missing", entry.Reason);
        var page = await Staff.Client.GetStringAsync($"/Admin/Products/Stock/{product.Id}");
        Assert.Contains("Two mugs broken", page, StringComparison.Ordinal);
        Assert.Contains("id=\"ledger-check\">yes<", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5", "", "Give a reason")]
    [InlineData("5", "   ", "Give a reason")]
    [InlineData("0", "Recount", "cannot be 0")]
    [InlineData("100001", "Recount", "at most 100,000")]
    [InlineData("-100001", "Recount", "at most 100,000")]
    [InlineData("abc", "Recount", "not valid")]
    [InlineData("", "Recount", "Enter how many units")]
    public async Task ABadAdjustment_IsExplainedAndChangesNothing(string quantity, string reason, string message)
    {
        var product = await Data.Product("ADJ-2").OnHand(10).SaveAsync();
        var rows = await LedgerRowsAsync(product.Id);

        var response = await AdjustAsync(product.Id, quantity, reason);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(10, (await StockAsync(product.Id)).OnHand);
        Assert.Equal(rows, await LedgerRowsAsync(product.Id));
    }

    [Fact]
    public async Task AReasonLongerThan200Characters_IsRefused()
    {
        var product = await Data.Product("ADJ-3").OnHand(10).SaveAsync();
        var response = await AdjustAsync(product.Id, "1", new string('x', 201));
        Assert.Contains("at most 200 characters", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(10, (await StockAsync(product.Id)).OnHand);
    }

    [Fact]
    public async Task RemovingUnitsPromisedToOrders_IsRefusedAndChangesNothing()
    {
        var product = await Data.Product("ADJ-4").OnHand(10).Allocated(8).SaveAsync();
        var rows = await LedgerRowsAsync(product.Id);

        var response = await AdjustAsync(product.Id, "-3", "Recount");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("at most 2 can be removed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stock = await StockAsync(product.Id);
        Assert.Equal((10, 8), (stock.OnHand, stock.Allocated));
        Assert.Equal(rows, await LedgerRowsAsync(product.Id));
    }

    [Fact]
    public async Task AddingUnits_ServesTheOldestBackorderFirst()
    {
        var product = await Data.Product("ADJ-5").OutOfStock().Backorderable().WithDelivery(Today.AddDays(10), 20).SaveAsync();
        var older = await PlacePaidOrderAsync(product.Id, 1, "first@example.com");
        Clock.Advance(TimeSpan.FromHours(3));
        var newer = await PlacePaidOrderAsync(product.Id, 1, "second@example.com");

        var response = await AdjustAsync(product.Id, "1", "Found one in returns");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var lines = await App.WithDbAsync(db => db.BackorderLines.AsNoTracking().Where(l => l.ProductId == product.Id).ToDictionaryAsync(l => l.OrderId));
        Assert.Equal(BackorderStatus.Filled, lines[older.Id].Status);
        Assert.Equal(BackorderStatus.Open, lines[newer.Id].Status);
        var stock = await StockAsync(product.Id);
        Assert.Equal((1, 1, 1, 0), (stock.OnHand, stock.Allocated, stock.Backordered, stock.Available));
        var olderLine = await App.WithDbAsync(db => db.OrderLines.AsNoTracking().SingleAsync(l => l.OrderId == older.Id));
        Assert.Equal((1, 0), (olderLine.AllocatedQuantity, olderLine.BackorderedQuantity));
    }

    [Fact]
    public async Task AddingMoreThanIsWaiting_ServesTheQueueAndLeavesTheRestAvailable()
    {
        var product = await Data.Product("ADJ-6").OutOfStock().Backorderable().WithDelivery(Today.AddDays(10), 20).SaveAsync();
        await PlacePaidOrderAsync(product.Id, 2, "a@example.com");
        Clock.Advance(TimeSpan.FromMinutes(5));
        await PlacePaidOrderAsync(product.Id, 3, "b@example.com");

        var response = await AdjustAsync(product.Id, "7", "Delivery booked in without a purchase order");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stock = await StockAsync(product.Id);
        Assert.Equal((7, 5, 0, 2), (stock.OnHand, stock.Allocated, stock.Backordered, stock.Available));
        Assert.Equal(0, await App.WithDbAsync(db => db.BackorderLines.CountAsync(l => l.ProductId == product.Id && l.Status == BackorderStatus.Open)));
    }

    [Fact]
    public async Task AfterAdjustments_TheLedgerSumsToOnHand()
    {
        var product = await Data.Product("ADJ-7").OnHand(4).SaveAsync();
        await AdjustAsync(product.Id, "6", "Recount");
        await AdjustAsync(product.Id, "-2", "Damaged");
        await AdjustAsync(product.Id, "-50", "Would go negative");

        await using var scope = App.CreateScope();
        var summary = await scope.ServiceProvider.GetRequiredService<StockAdjustments>().SummaryAsync(product.Id);
        Assert.NotNull(summary);
        Assert.Equal(8, summary.OnHand);
        Assert.True(summary.LedgerMatchesOnHand);
    }

    [Fact]
    public async Task AnUnknownProduct_Is404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Staff.Client.GetAsync("/Admin/Products/Stock/99999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await AdjustAsync(99999, "1", "Recount")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Staff.Client.GetAsync("/Admin/Products/Edit/99999")).StatusCode);
    }
}
