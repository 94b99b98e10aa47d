using System.Net;
using System.Text.Json;

namespace Storefront.Tests.Catalog;

public class ProductFeedListing(StorefrontHost host) : CatalogTestBase(host)
{
    private async Task<JsonElement> GetJsonAsync(string url)
    {
        using var response = await Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static string[] Skus(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sku").GetString()!).ToArray();

    // Reproduction: ?page=2147483647 answered page 42949672 (clamped silently), as if that page had been asked for.
    [Theory]
    [InlineData(2147483647, 50)]
    [InlineData(21474837, 100)]
    public async Task APageBeyondEveryRow_IsTheEmptyPageAskedFor(int page, int pageSize)
    {
        await Data.Product("P-1").Named("Alder bowl").SaveAsync();

        var json = await GetJsonAsync($"/api/products?page={page}&pageSize={pageSize}");

        Assert.Empty(Skus(json));
        Assert.Equal((page, pageSize, 1), (json.GetProperty("page").GetInt32(), json.GetProperty("pageSize").GetInt32(), json.GetProperty("total").GetInt32()));
    }

    [Fact]
    public async Task ListsProductsByNameAPageAtATimeWithTheTotal()
    {
        foreach (var (sku, name) in new[] { ("P-3", "Cedar box"), ("P-1", "Alder bowl"), ("P-5", "Elm spoon"), ("P-2", "Birch cup"), ("P-4", "Dogwood peg") })
        {
            await Data.Product(sku).Named(name).SaveAsync();
        }

        var first = await GetJsonAsync("/api/products?page=1&pageSize=2");
        var second = await GetJsonAsync("/api/products?page=2&pageSize=2");
        var last = await GetJsonAsync("/api/products?page=3&pageSize=2");
        var beyond = await GetJsonAsync("/api/products?page=4&pageSize=2");

        Assert.Equal(["P-1", "P-2"], Skus(first));
        Assert.Equal(["P-3", "P-4"], Skus(second));
        Assert.Equal(["P-5"], Skus(last));
        Assert.Empty(Skus(beyond));
        Assert.Equal(2, second.GetProperty("page").GetInt32());
        Assert.Equal(2, second.GetProperty("pageSize").GetInt32());
        Assert.Equal(5, second.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task WithoutPagingParametersReturnsTheFirstPageOfFifty()
    {
        await Data.Product("ONLY-1").SaveAsync();

        var page = await GetJsonAsync("/api/products");

        Assert.Equal(1, page.GetProperty("page").GetInt32());
        Assert.Equal(50, page.GetProperty("pageSize").GetInt32());
        Assert.Equal(1, page.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task AcceptsTheLargestPageSizeOfOneHundred()
    {
        var page = await GetJsonAsync("/api/products?pageSize=100");

        Assert.Equal(100, page.GetProperty("pageSize").GetInt32());
        Assert.Equal(0, page.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("pageSize=101")]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=abc")]
    [InlineData("pageSize=-5")]
    [InlineData("page=0")]
    [InlineData("page=abc")]
    public async Task InvalidPagingIsA400Problem(string query)
    {
        using var response = await Client.GetAsync("/api/products?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task SearchMatchesNameOrSkuCaseInsensitively()
    {
        await Data.Product("LAMP-1").Named("Brass desk lamp").SaveAsync();
        await Data.Product("LAMP-2").Named("Floor lamp").SaveAsync();
        await Data.Product("RUG-1").Named("Wool rug").SaveAsync();

        var byName = await GetJsonAsync("/api/products?search=LAMP");
        var bySku = await GetJsonAsync("/api/products?search=rug-1");
        var none = await GetJsonAsync("/api/products?search=teapot");

        Assert.Equal(["LAMP-1", "LAMP-2"], Skus(byName));
        Assert.Equal(2, byName.GetProperty("total").GetInt32());
        Assert.Equal(["RUG-1"], Skus(bySku));
        Assert.Equal(0, none.GetProperty("total").GetInt32());
    }
}
