using System.Globalization;
using Storefront.Tests.Infrastructure;
using Storefront.Web.Infrastructure;

namespace Storefront.Tests.Catalog;

/// <summary>With Diagnostics:SqlCommandHeader on, every response says how many SQL commands it cost; off, nothing is added.</summary>
public sealed class SqlCommandHeader
{
    private static async Task<string?> HeaderAsync(bool on)
    {
        await using var app = new StorefrontFactory(new StorefrontOptions
        {
            Settings = new Dictionary<string, string?> { [SqlCommandCounting.ConfigurationKey] = on ? "true" : "false" },
        });
        await app.Data().Product("SQL-1").SaveAsync();
        using var client = app.CreateClient();
        using var response = await client.GetAsync("/api/products?pageSize=5");
        response.EnsureSuccessStatusCode();
        return response.Headers.TryGetValues(SqlCommandCounting.HeaderName, out var values) ? values.Single() : null;
    }

    [Fact]
    public async Task WhenOn_TheFeedReportsItsCommands()
    {
        var header = await HeaderAsync(on: true);

        Assert.NotNull(header);
        Assert.InRange(int.Parse(header, CultureInfo.InvariantCulture), 1, 20);
    }

    [Fact]
    public async Task WhenOff_NoHeaderIsAdded() => Assert.Null(await HeaderAsync(on: false));
}
