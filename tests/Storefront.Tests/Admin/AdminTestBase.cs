using Microsoft.Extensions.Time.Testing;
using Storefront.Core.Identity;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Admin;

/// <summary>A shop over SQLite, shared by the class and emptied for every test, "today" fixed at 1 March 2027, with a signed-in staff member.</summary>
public abstract class AdminTestBase(StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    public static readonly DateOnly Today = new(2027, 3, 1);

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
    protected StorefrontFactory App { get; private set; } = null!;
    protected ShopperSession Staff { get; private set; } = null!;
    protected CatalogBuilder Data { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await host.AppForTestAsync(new StorefrontOptions(), Clock);
        Staff = new ShopperSession(App);
        Data = App.Data();
        await Staff.SignInAsNewUserAsync(App, "clerk@storefront.test", Roles.Staff);
    }

    public Task DisposeAsync()
    {
        Staff.Dispose();
        return Task.CompletedTask;
    }
}
