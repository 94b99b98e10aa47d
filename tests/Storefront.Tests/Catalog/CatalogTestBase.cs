using Microsoft.Extensions.Time.Testing;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Catalog;

/// <summary>A fresh app over its own SQLite file for every test, with "today" fixed at 1 March 2027.</summary>
public abstract class CatalogTestBase : IAsyncLifetime
{
    public static readonly DateOnly Today = new(2027, 3, 1);

    protected StorefrontFactory App { get; private set; } = null!;
    protected CatalogBuilder Data { get; private set; } = null!;
    protected HttpClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero));
        App = new StorefrontFactory(new StorefrontOptions { Clock = clock });
        Data = App.Data();
        Client = App.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}
