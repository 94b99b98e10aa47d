using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Storefront.Core.Catalog;
using Storefront.Core.Identity;
using Storefront.Core.Inventory;
using Storefront.Tests.Infrastructure;
using Storefront.Web.Infrastructure;

namespace Storefront.Tests.Admin;

/// <summary>
/// The staff pages cost the same number of SQL commands whatever the size of the shop (the
/// X-Sql-Commands header, bench/admin.sh measures the same at 10,000 products).
/// </summary>
public sealed class StaffPagesSqlCommands(StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    private static readonly string[] Pages = ["/Admin", "/Admin/Backorders", "/Admin/Deliveries", "/Admin/Deliveries?p=2", "/Admin/Products", "/Admin/Products?p=3"];

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private StorefrontFactory _app = null!;
    private ShopperSession _staff = null!;

    public async Task InitializeAsync()
    {
        _app = await host.AppForTestAsync(new StorefrontOptions
        {
            Settings = new Dictionary<string, string?> { [SqlCommandCounting.ConfigurationKey] = "true" },
        }, _clock);
        _staff = new ShopperSession(_app);
        await _staff.SignInAsNewUserAsync(_app, "clerk@storefront.test", Roles.Staff);
    }

    public Task DisposeAsync()
    {
        _staff.Dispose();
        return Task.CompletedTask;
    }

    private async Task<Dictionary<string, int>> CommandsAsync()
    {
        var counts = new Dictionary<string, int>();
        foreach (var page in Pages)
        {
            // The first request of a kind may fill caches; the steady count is the second.
            (await _staff.Client.GetAsync(page)).EnsureSuccessStatusCode();
            using var response = await _staff.Client.GetAsync(page);
            response.EnsureSuccessStatusCode();
            counts[page] = int.Parse(response.Headers.GetValues(SqlCommandCounting.HeaderName).Single(), CultureInfo.InvariantCulture);
        }
        return counts;
    }

    /// <summary>Products that all need stock (nothing on hand, sold on backorder), each with a scheduled delivery.</summary>
    private Task AddOutOfStockProductsAsync(Category category, int count, int from) => _app.WithDbAsync(async db =>
    {
        for (var i = from; i < from + count; i++)
        {
            var product = new Product
            {
                Sku = $"MANY-{i:D4}", Name = $"Many {i:D4}", Slug = $"many-{i:D4}", CategoryId = category.Id, PriceAmount = 1000,
                BackorderPolicy = BackorderPolicy.Allowed, CreatedAt = DateTime.UtcNow, Stock = new Stock(),
            };
            product.Deliveries.Add(new InboundDelivery
            {
                Quantity = 10, ExpectedDate = new DateOnly(2027, 3, 20), Status = DeliveryStatus.Scheduled, SupplierReference = "PO-MANY", CreatedAt = DateTime.UtcNow,
            });
            db.Products.Add(product);
        }
        await db.SaveChangesAsync();
    });

    [Fact]
    public async Task EveryStaffPage_CostsAsManySqlCommandsWithTwelveHundredProductsAsWithTen()
    {
        var category = await _app.Data().DefaultCategoryAsync();
        await AddOutOfStockProductsAsync(category, 10, 0);
        var small = await CommandsAsync();

        // More products needing stock than the dashboard ever read in one go before (500).
        await AddOutOfStockProductsAsync(category, 1190, 10);
        var big = await CommandsAsync();

        Assert.Equal(small, big);
    }
}
