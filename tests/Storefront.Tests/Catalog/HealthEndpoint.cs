using System.Net;

namespace Storefront.Tests.Catalog;

public class HealthEndpoint(StorefrontHost host) : CatalogTestBase(host)
{
    [Fact]
    public async Task HealthIs200WhenTheDatabaseAnswers()
    {
        using var response = await Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
