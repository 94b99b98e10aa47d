using System.Net;
using System.Text.RegularExpressions;
using Storefront.Core.Identity;
using Storefront.Tests.Infrastructure;
using Storefront.Tests.Inventory;

namespace Storefront.Tests.Admin;

public sealed class ApiKeysPages(StorefrontHost host) : InventoryTestBase(host)
{
    [Fact]
    public async Task ANewKeyIsShownOnceWorksOnTheApiAndStopsWhenRevoked()
    {
        await App.Data().Product("KEY-1").SaveAsync();
        using var session = new ShopperSession(App);
        await session.SignInAsNewUserAsync(App, "admin@example.test", Roles.Staff);

        var created = await session.PostAsync("/Admin/ApiKeys?handler=Create", [new("Name", "Warehouse")]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var page = await session.Client.GetStringAsync("/Admin/ApiKeys");
        var key = Regex.Match(page, "data-testid=\"new-key\">([^<]+)<").Groups[1].Value;
        Assert.StartsWith("sfk_", key, StringComparison.Ordinal);
        Assert.DoesNotContain(key, await session.Client.GetStringAsync("/Admin/ApiKeys"), StringComparison.Ordinal);

        using var api = App.CreateClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/admin/products/KEY-1/stock")).StatusCode);

        var id = Regex.Match(page, "[?;]id=(\\d+)").Groups[1].Value;
        Assert.Equal(HttpStatusCode.Redirect, (await session.PostAsync($"/Admin/ApiKeys?handler=Revoke&id={id}", [])).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/admin/products/KEY-1/stock")).StatusCode);
    }
}
