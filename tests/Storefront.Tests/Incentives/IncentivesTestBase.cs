using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Storefront.Core.Incentives;
using Storefront.Core.Orders;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Incentives;

/// <summary>A shop over SQLite, shared by the class and emptied for every test, "today" fixed at 1 March 2027, flat shipping $5.99, incentives off until a test turns them on.</summary>
public abstract class IncentivesTestBase(StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    public static readonly DateOnly Today = new(2027, 3, 1);
    public const string ShopperEmail = "shopper@example.com";

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
    protected StorefrontFactory App { get; private set; } = null!;
    protected ShopperSession Shopper { get; private set; } = null!;
    protected CatalogBuilder Data { get; private set; } = null!;

    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync()
    {
        App = await host.AppForTestAsync(new StorefrontOptions { Settings = Settings }, Clock);
        Shopper = new ShopperSession(App);
        Data = App.Data();
    }

    public virtual Task DisposeAsync()
    {
        Shopper.Dispose();
        return Task.CompletedTask;
    }

    protected async Task SetIncentivesAsync(Action<IncentiveSettings> change)
    {
        await using var scope = App.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<IncentiveSettingsService>();
        var settings = await service.GetAsync();
        change(settings);
        Assert.Empty(await service.SaveAsync(settings, "test"));
    }

    /// <summary>A code as if an email had brought it to <paramref name="email"/>; returns it formatted as the email shows it.</summary>
    protected async Task<string> IssueCodeAsync(DiscountKind kind, long value, int validDays = 30, string email = ShopperEmail)
    {
        var code = IncentiveCodes.NewCode();
        var now = Clock.GetUtcNow().UtcDateTime;
        await App.WithDbAsync(async db =>
        {
            db.Add(new IncentiveCode
            {
                Code = code, Email = email, Kind = kind, Value = value, Currency = "USD", Reason = IncentiveReason.Apology,
                IssuedAt = now, ExpiresAt = now.AddDays(validDays), IssueKey = "test:" + code,
            });
            await db.SaveChangesAsync();
        });
        return IncentiveCodes.Format(code);
    }

    protected Task<Order> OrderAsync(string number) =>
        App.WithDbAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.Number == number));

    protected Task<List<Order>> OrdersAsync() => App.WithDbAsync(db => db.Orders.AsNoTracking().OrderBy(o => o.Id).ToListAsync());

    protected Task<IncentiveCode> CodeAsync(string formatted) =>
        App.WithDbAsync(db => db.Set<IncentiveCode>().AsNoTracking().SingleAsync(c => c.Code == IncentiveCodes.Normalize(formatted)));

    protected static KeyValuePair<string, string> Field(string name, string value) => new(name, value);

    /// <summary>A shelf product ($20.00, 10 on hand) and a backorderable one ($40.00, none on hand, restock in 10 days).</summary>
    protected async Task<(int Shelf, int Waiting)> MixedCatalogAsync()
    {
        var shelf = await Data.Product("SHELF").Priced(2000).OnHand(10).SaveAsync();
        var waiting = await Data.Product("WAIT").Priced(4000).OutOfStock().Backorderable().RestockExpected(Today.AddDays(10)).SaveAsync();
        return (shelf.Id, waiting.Id);
    }
}
