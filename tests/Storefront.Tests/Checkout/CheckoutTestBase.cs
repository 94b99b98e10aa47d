using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Checkout;

/// <summary>A shop over SQLite, shared by the class and emptied for every test, "today" fixed at 1 March 2027.</summary>
public abstract class CheckoutTestBase(StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    public static readonly DateOnly Today = new(2027, 3, 1);

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
    protected StorefrontFactory App { get; private set; } = null!;
    protected ShopperSession Shopper { get; private set; } = null!;
    protected CatalogBuilder Data { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await host.AppForTestAsync(new StorefrontOptions(), Clock);
        Shopper = new ShopperSession(App);
        Data = App.Data();
    }

    public Task DisposeAsync()
    {
        Shopper.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Every row a checkout can touch, counted, so a test can prove nothing changed.</summary>
    protected async Task<string> SnapshotAsync()
    {
        var parts = new List<string>();
        await App.WithDbAsync(async db =>
        {
            parts.Add("orders=" + await db.Orders.CountAsync());
            parts.Add("lines=" + await db.OrderLines.CountAsync());
            parts.Add("backorders=" + await db.BackorderLines.CountAsync());
            parts.Add("payments=" + await db.Payments.CountAsync());
            parts.Add("carts=" + await db.CartItems.SumAsync(i => (int?)i.Quantity));
            foreach (var s in await db.Stock.AsNoTracking().OrderBy(s => s.ProductId).ToListAsync())
            {
                parts.Add($"stock{s.ProductId}={s.OnHand}/{s.Allocated}/{s.Backordered}");
            }
            foreach (var p in await db.Products.AsNoTracking().OrderBy(p => p.Id).ToListAsync())
            {
                parts.Add($"price{p.Id}={p.PriceAmount}");
            }
        });
        return string.Join(' ', parts);
    }
}
