using System.Net;
using Storefront.Core.Common;
using Storefront.Core.Identity;
using Storefront.Tests.Infrastructure;
using Storefront.Tests.Inventory;

namespace Storefront.Tests.Admin;

/// <summary>The inventory back-office pages are for staff only; receiving through the page lists the orders filled.</summary>
public sealed class DeliveriesPages(StorefrontHost host) : InventoryTestBase(host)
{
    public static TheoryData<string> StaffPages => new()
    {
        "/Admin/Deliveries", "/Admin/Deliveries/Create", "/Admin/Backorders", "/Admin/Backorders?handler=Csv", "/Admin/ApiKeys",
    };

    [Theory]
    [MemberData(nameof(StaffPages))]
    public async Task AnonymousIsSentToSignIn(string url)
    {
        using var session = new ShopperSession(App);
        var response = await session.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Identity/Account/Login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StaffPages))]
    public async Task ShopperGets403(string url)
    {
        using var session = new ShopperSession(App);
        await session.SignInAsNewUserAsync(App, "shopper@example.test");
        Assert.Equal(HttpStatusCode.Forbidden, (await session.Client.GetAsync(url)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(StaffPages))]
    public async Task StaffGets200(string url)
    {
        using var session = new ShopperSession(App);
        await session.SignInAsNewUserAsync(App, "staff@example.test", Roles.Staff);
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task ReceivingThroughThePageListsTheOrdersFilledAndWhatBecameAvailable()
    {
        var product = await App.Data().Product("PAGE-1").OutOfStock().Backorderable().WithDelivery(Today.AddDays(4), 10).SaveAsync();
        var order = await PlacePaidOrderAsync(product.Id, 3);
        var deliveryId = await DeliveryIdAsync(product.Id, Today.AddDays(4));
        using var session = new ShopperSession(App);
        await session.SignInAsNewUserAsync(App, "clerk@example.test", Roles.Staff);

        var form = await session.Client.GetStringAsync($"/Admin/Deliveries/Receive/{deliveryId}");
        Assert.Contains("value=\"10\"", form, StringComparison.Ordinal);
        var posted = await session.PostAsync($"/Admin/Deliveries/Receive/{deliveryId}", [new("Quantity", "10")]);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var result = await session.Client.GetStringAsync(posted.Headers.Location!.ToString());

        Assert.Contains(order.Number, result, StringComparison.Ordinal);
        Assert.Contains("<strong data-testid=\"available\">7</strong>", result, StringComparison.Ordinal);
        // The result is shown once: a refresh shows the delivery, not a second receipt.
        var again = await session.Client.GetStringAsync(posted.Headers.Location!.ToString());
        Assert.DoesNotContain(order.Number, again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditingADeliveryShowsTheEtaPreviewBeforeSaving()
    {
        var product = await App.Data().Product("PAGE-2").OutOfStock().Backorderable().WithDelivery(Today.AddDays(4), 10).SaveAsync();
        await PlacePaidOrderAsync(product.Id, 3);
        var deliveryId = await DeliveryIdAsync(product.Id, Today.AddDays(4));
        using var session = new ShopperSession(App);
        await session.SignInAsNewUserAsync(App, "buyer@example.test", Roles.Staff);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Input.Quantity", "10"), new("Input.ExpectedDate", "2027-03-12"), new("Input.SupplierReference", "PO-9"), new("Input.Reason", "Late ship"),
        };

        var preview = await session.PostAsync($"/Admin/Deliveries/Edit/{deliveryId}", fields);
        var html = await preview.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("1 customer&#x27;s ETAs move (1 line): later by up to 7 days.", html, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2027, 3, 7), (await BackorderLinesAsync(product.Id))[0].CurrentEta);

        fields.Add(new("Input.Confirmed", "true"));
        var saved = await session.PostAsync($"/Admin/Deliveries/Edit/{deliveryId}", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var line = (await BackorderLinesAsync(product.Id))[0];
        Assert.Equal(new DateOnly(2027, 3, 14), line.CurrentEta);
        Assert.Equal("buyer@example.test", Assert.Single(line.EtaChanges).ChangedBy);
    }

    [Fact]
    public async Task DeliveriesAreFilteredByTypedSku_AndPagedByFifty_SoonestFirst()
    {
        var data = App.Data();
        var many = data.Product("MANY-1").Named("Many deliveries").OutOfStock().Backorderable();
        for (var i = 0; i < 52; i++)
        {
            many.WithDelivery(Today.AddDays(1 + i), 1);
        }
        await many.SaveAsync();
        var other = await data.Product("OTHER-1").Named("Other product").OutOfStock().Backorderable().WithDelivery(Today.AddDays(3), 5).SaveAsync();
        using var session = new ShopperSession(App);
        await session.SignInAsNewUserAsync(App, "staff@example.test", Roles.Staff);

        var first = await session.Client.GetStringAsync("/Admin/Deliveries");
        Assert.Contains("53 deliveries; page 1 of 2", first, StringComparison.Ordinal);
        // No drop-down of every product: SKUs are typed.
        Assert.DoesNotContain("Many deliveries</option>", first, StringComparison.Ordinal);
        var second = await session.Client.GetStringAsync("/Admin/Deliveries?p=2");
        Assert.Contains("page 2 of 2", second, StringComparison.Ordinal);
        // Soonest first: the three latest of MANY-1 are on page 2.
        Assert.Contains(DateText.ForPeople(Today.AddDays(52)), second, StringComparison.Ordinal);
        Assert.DoesNotContain(DateText.ForPeople(Today.AddDays(52)), first, StringComparison.Ordinal);

        var bySku = WebUtility.HtmlDecode(await session.Client.GetStringAsync("/Admin/Deliveries?Sku=+OTHER-1+"));
        Assert.Contains("1 delivery of OTHER-1 · Other product", bySku, StringComparison.Ordinal);
        Assert.DoesNotContain("MANY-1", bySku, StringComparison.Ordinal);
        Assert.Contains($"/Admin/Deliveries/Restock/{other.Id}\"", bySku, StringComparison.Ordinal);
        var byId = await session.Client.GetStringAsync($"/Admin/Deliveries?productId={other.Id}");
        Assert.Contains("value=\"OTHER-1\"", byId, StringComparison.Ordinal);

        var unknown = await session.Client.GetAsync("/Admin/Deliveries?Sku=NOPE-9");
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        var unknownPage = await unknown.Content.ReadAsStringAsync();
        Assert.Contains("No product has the SKU “NOPE-9”.", System.Net.WebUtility.HtmlDecode(unknownPage), StringComparison.Ordinal);
        Assert.DoesNotContain("MANY-1", unknownPage, StringComparison.Ordinal);
    }
}
