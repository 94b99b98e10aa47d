using Microsoft.Extensions.Time.Testing;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Catalog;

/// <summary>An app over SQLite, shared by the class and emptied for every test, with "today" fixed at 1 March 2027.</summary>
public abstract class CatalogTestBase(StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    public static readonly DateOnly Today = new(2027, 3, 1);

    protected StorefrontFactory App { get; private set; } = null!;
    protected CatalogBuilder Data { get; private set; } = null!;
    protected HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero));
        App = await host.AppForTestAsync(new StorefrontOptions(), clock);
        Data = App.Data();
        Client = App.CreateClient();
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        return Task.CompletedTask;
    }
}
