using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Catalog;
using Storefront.Core.Data;
using Storefront.Core.Inventory;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;
using Storefront.Core.Planning;
using Storefront.Core.Suppliers;
using Storefront.Tests.Infrastructure;
using Storefront.Tests.Inventory;

namespace Storefront.Tests.Planning;

/// <summary>
/// A shop with 180 days of order history, known to the unit and the day, gives the replenishment rows
/// worked out by hand; a purchase order made from the suggestions moves the ETAs of the backorders
/// it covers. On SQLite and PostgreSQL, whose date arithmetic differs.
/// </summary>
public abstract class ReplenishmentFromHistory(StorefrontHost host) : InventoryTestBase(host)
{
    private DateTime Noon(int daysAgo) => Today.AddDays(-daysAgo).ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);

    private async Task<ReplenishmentRow> RowAsync(string sku)
    {
        await using var scope = App.CreateScope();
        var report = scope.ServiceProvider.GetRequiredService<ReplenishmentReport>();
        return (await report.LoadAsync(await report.SettingsAsync())).Single(r => r.Sku == sku);
    }

    private Task AddOrderAsync(Product product, DateTime placed, int quantity, OrderStatus status = OrderStatus.Paid, int cancelled = 0) =>
        App.WithDbAsync(async db =>
        {
            var key = Guid.NewGuid().ToString("N");
            db.Orders.Add(new Order
            {
                Number = "H-" + key[..10], Email = "history@example.test", Status = status, PlacedAt = placed,
                PaidAt = status == OrderStatus.PendingPayment ? null : placed, CheckoutKey = key,
                Lines = [new OrderLine
                {
                    ProductId = product.Id, Sku = product.Sku, ProductName = product.Name, UnitPriceAmount = product.PriceAmount,
                    Quantity = quantity, ShippedQuantity = quantity - cancelled, CancelledQuantity = cancelled,
                }],
            });
            await db.SaveChangesAsync();
        });

    /// <summary>
    /// HIST-A sells 1 unit on every even day back (days 2…90), 5 a day on days 91…180 (outside the
    /// window), 100 today (a day not over yet), plus orders that do not count. Supplier Acme
    /// delivered it twice, in 10 and 14 days. Three confirmed subscribers wait for it.
    /// </summary>
    private async Task<Product> SeedHistoryAsync()
    {
        var a = await App.Data().Product("HIST-A").Priced(2000).OnHand(10).SaveAsync();
        await App.WithDbAsync(db => db.Products.Where(p => p.Id == a.Id).ExecuteUpdateAsync(u => u.SetProperty(p => p.CreatedAt, Noon(200))));
        for (var day = 1; day <= 180; day++)
        {
            if (day <= 90 && day % 2 == 0)
            {
                await AddOrderAsync(a, Noon(day), 1);
            }
            else if (day > 90)
            {
                await AddOrderAsync(a, Noon(day), 5);
            }
        }
        await AddOrderAsync(a, Noon(0), 100);
        await AddOrderAsync(a, Noon(3), 7, OrderStatus.Cancelled, cancelled: 7);
        await AddOrderAsync(a, Noon(3), 7, OrderStatus.Expired, cancelled: 7);
        await AddOrderAsync(a, Noon(5), 9, OrderStatus.PendingPayment);
        // A nine-unit line whose every unit was cancelled adds nothing.
        await AddOrderAsync(a, Noon(7), 9, OrderStatus.Paid, cancelled: 9);
        await App.WithDbAsync(async db =>
        {
            var acme = new Supplier { Name = "Acme", LeadTimeDays = 30, CreatedAt = Noon(300) };
            db.Suppliers.Add(acme);
            await db.SaveChangesAsync();
            db.InboundDeliveries.AddRange(
                new InboundDelivery { ProductId = a.Id, SupplierId = acme.Id, Quantity = 5, ReceivedQuantity = 5, Status = DeliveryStatus.Received, ExpectedDate = Today.AddDays(-50), CreatedAt = Noon(60), ReceivedAt = Noon(50) },
                new InboundDelivery { ProductId = a.Id, SupplierId = acme.Id, Quantity = 5, ReceivedQuantity = 5, Status = DeliveryStatus.Received, ExpectedDate = Today.AddDays(-20), CreatedAt = Noon(34), ReceivedAt = Noon(20) });
            foreach (var (email, status, notified) in new[]
            {
                ("w1@example.test", BackInStockStatus.Active, false), ("w2@example.test", BackInStockStatus.Active, false),
                ("w3@example.test", BackInStockStatus.Active, false), ("w4@example.test", BackInStockStatus.Pending, false),
                ("w5@example.test", BackInStockStatus.Active, true),
            })
            {
                db.BackInStockSubscriptions.Add(new BackInStockSubscription
                {
                    ProductId = a.Id, Email = email, Status = status, CreatedAt = Noon(10),
                    ConfirmedAt = status == BackInStockStatus.Active ? Noon(10) : null, NotifiedAt = notified ? Noon(2) : null,
                });
            }
            await db.SaveChangesAsync();
        });
        return a;
    }

    protected async Task HistoryGivesTheHandWorkedRow()
    {
        await SeedHistoryAsync();

        var row = await RowAsync("HIST-A");

        // 45 units on even days: 14 in the last 28 days (counting twice), 31 before; 59 / 118 = 0.5.
        // The 9-unit line with every unit cancelled adds nothing. Each day is 0 or 1 around 0.5: σ = 0.5.
        Assert.Equal(0.5, row.Plan.DailyDemand, 9);
        Assert.Equal(0.5, row.Plan.DemandStdDev, 9);
        // Lead time measured (10 and 14 days), not Acme's stated 30: 12 ± 2.83.
        Assert.Equal("Acme", row.SupplierName);
        Assert.Equal(LeadTimeSource.Measured, row.Input.LeadTime.Source);
        Assert.Equal(12, row.Plan.LeadTimeDays, 9);
        // σ over the lead time √(12·0.25 + 0.25·8) = √5; × 1.645 = 3.68 → 4. Reorder point 6 + 4 = 10.
        Assert.Equal(4, row.Plan.SafetyStock);
        Assert.Equal(10, row.Plan.ReorderPoint);
        // Three waiting subscribers × 10 % → 1. Order 10 + 7 (14 review days) + 1 − 10 on the shelf = 8.
        Assert.Equal(3, row.Input.Waitlist);
        Assert.Equal(1, row.Plan.WaitlistUnits);
        Assert.Equal(8, row.Plan.SuggestedQuantity);
        Assert.Equal(ReplenishmentStatus.OrderNow, row.Plan.Status);
        Assert.Equal(20, row.Plan.DaysOfCover!.Value, 9);
    }

    protected async Task UnsoldAndBackorderOnlyProducts()
    {
        var data = App.Data();
        var unsold = await data.Product("HIST-B").OnHand(30).SaveAsync();
        await App.WithDbAsync(db => db.Products.Where(p => p.Id == unsold.Id).ExecuteUpdateAsync(u => u.SetProperty(p => p.CostAmount, 250L)));
        await data.Product("HIST-D").OnHand(10).SaveAsync();
        var owed = await data.Product("HIST-C").OutOfStock().Backorderable().RestockExpected(Today.AddDays(30)).Backordered(4).SaveAsync();
        // The four units were sold long before the demand window.
        await App.WithDbAsync(db => db.Orders.Where(o => o.Lines.Any(l => l.ProductId == owed.Id)).ExecuteUpdateAsync(u => u.SetProperty(o => o.PlacedAt, Noon(200))));

        var b = await RowAsync("HIST-B");
        var c = await RowAsync("HIST-C");

        Assert.Equal(ReplenishmentStatus.NoSales, b.Plan.Status);
        Assert.Equal(30, b.Plan.ExcessUnits);
        Assert.Equal(7500, b.ExcessValue);
        // No sale in the window, four units owed, no supplier: the store's default lead time.
        Assert.Equal(LeadTimeSource.StoreDefault, c.Input.LeadTime.Source);
        Assert.Equal(-4, c.Plan.Position);
        Assert.Equal(4, c.Plan.SuggestedQuantity);

        // The dashboard counts both unsold products as excess and values the one with a cost price.
        await using var scope = App.CreateScope();
        var tiles = await scope.ServiceProvider.GetRequiredService<PlanningDashboard>().LoadAsync();
        Assert.Equal((2, 1, 7500L), (tiles.ExcessProducts, tiles.ExcessWithoutCost, tiles.ExcessValue));
    }

    protected async Task StockOutDaysCountEachProductDayOnce()
    {
        var data = App.Data();
        var a = await data.Product("SO-A").OnHand(10).SaveAsync();
        var b = await data.Product("SO-B").OutOfStock().Backorderable().RestockExpected(Today.AddDays(30)).SaveAsync();
        var placed = new[] { Noon(3), Noon(3), Noon(10), Noon(40) };
        foreach (var day in placed)
        {
            var order = await PlacePaidOrderAsync(b.Id, 1);
            await App.WithDbAsync(db => db.BackorderLines.Where(l => l.OrderId == order.Id).ExecuteUpdateAsync(u => u.SetProperty(l => l.PlacedAt, day)));
        }
        await App.WithDbAsync(async db =>
        {
            // Two shoppers asked about SO-A on one day; one asked about SO-B on the day of one of its backorders.
            foreach (var (product, email) in new[] { (a, "so-a1@example.test"), (a, "so-a2@example.test"), (b, "so-b@example.test") })
            {
                db.BackInStockSubscriptions.Add(new BackInStockSubscription
                {
                    ProductId = product.Id, Email = email, Status = BackInStockStatus.Active, CreatedAt = Noon(10), ConfirmedAt = Noon(10),
                });
            }
            await db.SaveChangesAsync();
        });

        await using var scope = App.CreateScope();
        var tiles = await scope.ServiceProvider.GetRequiredService<PlanningDashboard>().LoadAsync();

        // SO-A on day 10; SO-B on days 3 and 10 (day 40 is outside the 30-day window).
        Assert.Equal((3, 2), (tiles.StockOutDays, tiles.ProductsStockedOut));
    }

    protected async Task PurchaseOrderMovesTheEtasItCovers()
    {
        var product = await App.Data().Product("PO-A").OutOfStock().Backorderable().RestockExpected(Today.AddDays(60)).SaveAsync();
        var first = await PlacePaidOrderAsync(product.Id, 3);
        var second = await PlacePaidOrderAsync(product.Id, 2);
        var row = await RowAsync("PO-A");
        Assert.True(5 == row.Plan.SuggestedQuantity, $"{row.Input} {row.Plan}");

        await using var scope = App.CreateScope();
        var orders = scope.ServiceProvider.GetRequiredService<PurchaseOrders>();
        var created = await orders.CreateAsync(null, "Birch & Co", [new PurchaseOrderLineInput(product.Id, row.Plan.SuggestedQuantity, Today.AddDays(10))], null, "clerk");

        Assert.True(created.Succeeded, string.Join("; ", created.Errors));
        Assert.Equal(2, created.EtasMoved);
        await App.WithDbAsync(async db =>
        {
            var etas = await db.BackorderLines.AsNoTracking().Where(b => b.ProductId == product.Id).OrderBy(b => b.PlacedAt).Select(b => b.CurrentEta).ToListAsync();
            Assert.Equal([Today.AddDays(12), Today.AddDays(12)], etas);
            var line = await db.InboundDeliveries.AsNoTracking().SingleAsync(d => d.ProductId == product.Id);
            Assert.Equal(created.Order!.Id, line.PurchaseOrderId);
            Assert.Equal(created.Order.Number, line.SupplierReference);
            Assert.Equal("Birch & Co", (await db.Suppliers.SingleAsync(s => s.Id == line.SupplierId)).Name);
        });
        Assert.Equal(0, (await RowAsync("PO-A")).Plan.SuggestedQuantity);

        // Cancelling the order puts the ETAs back on the restock date, in one go.
        var cancelled = await orders.CancelAsync(created.Order!.Id, "clerk", "supplier out of business");
        Assert.True(cancelled.Succeeded);
        await App.WithDbAsync(async db =>
        {
            Assert.All(await db.BackorderLines.AsNoTracking().Where(b => b.ProductId == product.Id).ToListAsync(),
                b => Assert.Equal(Today.AddDays(62), b.CurrentEta));
            Assert.Equal(DeliveryStatus.Cancelled, (await db.InboundDeliveries.AsNoTracking().SingleAsync(d => d.ProductId == product.Id)).Status);
        });
        Assert.False((await orders.CancelAsync(created.Order.Id, "clerk", null)).Succeeded);
        _ = (first, second);
    }

    protected async Task PartialReceiptsCloseTheOrderLineByLine()
    {
        var data = App.Data();
        var a = await data.Product("PO-B").OutOfStock().Backorderable().RestockExpected(Today.AddDays(60)).SaveAsync();
        var b = await data.Product("PO-C").SaveAsync();
        await PlacePaidOrderAsync(a.Id, 2);
        await using var scope = App.CreateScope();
        var orders = scope.ServiceProvider.GetRequiredService<PurchaseOrders>();
        var created = await orders.CreateAsync(null, "Acme",
            [new PurchaseOrderLineInput(a.Id, 6, Today.AddDays(10)), new PurchaseOrderLineInput(b.Id, 4, Today.AddDays(12))], null, "clerk");
        Assert.True(created.Succeeded, string.Join("; ", created.Errors));
        var po = (await orders.FindAsync(created.Order!.Id))!;
        var lineA = po.Lines.Single(l => l.ProductId == a.Id);
        var lineB = po.Lines.Single(l => l.ProductId == b.Id);

        var (partial, receipt) = await orders.ReceiveLineAsync(po.Id, lineA.Id, 3, "clerk");
        Assert.True(partial.Succeeded);
        Assert.Equal(2, receipt!.FilledUnits);
        Assert.False((await orders.ReceiveLineAsync(po.Id, lineA.Id, 4, "clerk")).Outcome.Succeeded);
        Assert.Equal(PurchaseOrderStatus.Open, (await orders.FindAsync(po.Id))!.Status);
        Assert.True((await orders.ReceiveLineAsync(po.Id, lineA.Id, 3, "clerk")).Outcome.Succeeded);
        Assert.True((await orders.CancelLineAsync(po.Id, lineB.Id, "clerk")).Succeeded);
        Assert.Equal(PurchaseOrderStatus.Closed, (await orders.FindAsync(po.Id))!.Status);
        // A closed order's lines cannot be changed; another order's line is not this order's.
        Assert.False((await orders.EditLineAsync(po.Id, lineB.Id, 9, Today.AddDays(20), "clerk")).Succeeded);
        Assert.False((await orders.ReceiveLineAsync(po.Id + 1, lineA.Id, 1, "clerk")).Outcome.Succeeded);
        Assert.Equal(6, (await OrderScenarioStock(a.Id)).OnHand);
    }

    protected async Task BadPurchaseOrdersChangeNothing()
    {
        var a = await App.Data().Product("PO-D").SaveAsync();
        await using var scope = App.CreateScope();
        var orders = scope.ServiceProvider.GetRequiredService<PurchaseOrders>();

        Assert.False((await orders.CreateAsync(null, " ", [new PurchaseOrderLineInput(a.Id, 5, Today.AddDays(5))], null, "clerk")).Succeeded);
        Assert.False((await orders.CreateAsync(999_999, null, [new PurchaseOrderLineInput(a.Id, 5, Today.AddDays(5))], null, "clerk")).Succeeded);
        Assert.False((await orders.CreateAsync(null, "Acme", [], null, "clerk")).Succeeded);
        Assert.False((await orders.CreateAsync(null, "Acme", [new PurchaseOrderLineInput(a.Id, 0, Today.AddDays(5))], null, "clerk")).Succeeded);
        Assert.False((await orders.CreateAsync(null, "Acme", [new PurchaseOrderLineInput(a.Id, 5, Today.AddDays(-5))], null, "clerk")).Succeeded);
        Assert.False((await orders.CreateAsync(null, "Acme", [new PurchaseOrderLineInput(a.Id, 5, Today.AddDays(5)), new PurchaseOrderLineInput(a.Id, 1, Today.AddDays(5))], null, "clerk")).Succeeded);
        Assert.False((await orders.CreateAsync(null, "Acme", [new PurchaseOrderLineInput(424_242, 5, Today.AddDays(5))], null, "clerk")).Succeeded);
        await App.WithDbAsync(async db =>
        {
            Assert.Equal(0, await db.Set<PurchaseOrder>().CountAsync());
            Assert.Equal(0, await db.InboundDeliveries.CountAsync());
            Assert.Equal(0, await db.Suppliers.CountAsync());
        });
    }

    private Task<Stock> OrderScenarioStock(int productId) => App.WithDbAsync(db => db.Stock.AsNoTracking().SingleAsync(s => s.ProductId == productId));
}

public sealed class ReplenishmentFromHistoryOnSqlite(StorefrontHost host) : ReplenishmentFromHistory(host)
{
    [Fact]
    public Task HundredEightyDaysOfHistoryGiveTheHandWorkedRow() => HistoryGivesTheHandWorkedRow();

    [Fact]
    public Task UnsoldStockIsExcessAtCost_AndBackordersAloneAreOrdered() => UnsoldAndBackorderOnlyProducts();

    [Fact]
    public Task StockOutDaysCountEachProductDayOnce_FromBackordersAndWaitlists() => StockOutDaysCountEachProductDayOnce();

    [Fact]
    public Task APurchaseOrderFromTheSuggestionsMovesTheEtasOfTheBackordersItCovers() => PurchaseOrderMovesTheEtasItCovers();

    [Fact]
    public Task LinesAreReceivedInPartsAndTheOrderClosesWhenNothingIsExpected() => PartialReceiptsCloseTheOrderLineByLine();

    [Fact]
    public Task ABadPurchaseOrderIsRefusedAndChangesNothing() => BadPurchaseOrdersChangeNothing();
}

[Collection(PostgresCollection.Name)]
public sealed class ReplenishmentFromHistoryOnPostgres(PostgresServer postgres, StorefrontHost host) : ReplenishmentFromHistory(host)
{
    [PostgresFact]
    public Task HundredEightyDaysOfHistoryGiveTheHandWorkedRow() => HistoryGivesTheHandWorkedRow();

    [PostgresFact]
    public Task StockOutDaysCountEachProductDayOnce_FromBackordersAndWaitlists() => StockOutDaysCountEachProductDayOnce();

    [PostgresFact]
    public Task APurchaseOrderFromTheSuggestionsMovesTheEtasOfTheBackordersItCovers() => PurchaseOrderMovesTheEtasItCovers();

    protected override async Task<StorefrontOptions> OptionsAsync() =>
        new() { PostgresConnectionString = await postgres.CreateDatabaseAsync() };
}
