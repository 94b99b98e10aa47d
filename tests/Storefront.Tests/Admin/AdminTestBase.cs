using Microsoft.Extensions.Time.Testing;
using Storefront.Core.Identity;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Admin;

/// <summary>A fresh shop over its own SQLite file, "today" fixed at 1 March 2027, with a signed-in staff member.</summary>
public abstract class AdminTestBase : IAsyncLifetime
{
    public static readonly DateOnly Today = new(2027, 3, 1);

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
    protected StorefrontFactory App { get; private set; } = null!;
    protected ShopperSession Staff { get; private set; } = null!;
    protected CatalogBuilder Data { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = new StorefrontFactory(new StorefrontOptions { Clock = Clock });
        Staff = new ShopperSession(App);
        Data = App.Data();
        await Staff.SignInAsNewUserAsync(App, "clerk@storefront.test", Roles.Staff);
    }

    public async Task DisposeAsync()
    {
        Staff.Dispose();
        await App.DisposeAsync();
    }
}
