using System.Globalization;
using System.Net;
using Storefront.Core.Identity;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Admin;

/// <summary>
/// Every Admin page: anonymous visitors are sent to sign in, shoppers get 403, staff and admins get the page.
/// One app for all the rows, emptied for every row.
/// </summary>
public sealed class AdminAuthorization(StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    private StorefrontFactory _app = null!;
    private int _productId;
    private int _deliveryId;
    private string _orderNumber = "";

    /// <summary>Every Admin page; "{id}" is a real product, "{delivery}" a scheduled delivery, "{order}" a paid order.</summary>
    public static TheoryData<string> ExistingPages => new()
    {
        "/Admin", "/Admin/Products", "/Admin/Products?state=Backorder&q=a", "/Admin/Products/Create",
        "/Admin/Products/Edit/{id}", "/Admin/Products/Stock/{id}",
        "/Admin/Deliveries", "/Admin/Deliveries/Create", "/Admin/Deliveries/Edit/{delivery}", "/Admin/Deliveries/Cancel/{delivery}",
        "/Admin/Deliveries/Receive/{delivery}", "/Admin/Deliveries/Restock/{id}",
        "/Admin/Backorders", "/Admin/Backorders?handler=Csv", "/Admin/ApiKeys",
        "/Admin/Orders", "/Admin/Orders/Details/{order}", "/Admin/Incentives", "/Admin/Outbox",
    };

    public async Task InitializeAsync()
    {
        _app = await host.AppForTestAsync(new StorefrontOptions());
        _productId = (await _app.Data().Product("AUTH-1").OnHand(3).Allocated(1).WithDelivery(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(9), 4).SaveAsync()).Id;
        await _app.WithDbAsync(async db =>
        {
            _deliveryId = db.InboundDeliveries.Single(d => d.ProductId == _productId).Id;
            _orderNumber = db.Orders.Single().Number;
            await Task.CompletedTask;
        });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private string Url(string route) => route
        .Replace("{id}", _productId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{delivery}", _deliveryId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{order}", _orderNumber, StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(ExistingPages))]
    public async Task AnAnonymousVisitor_IsSentToSignIn(string route)
    {
        using var visitor = new ShopperSession(_app);
        var response = await visitor.Client.GetAsync(Url(route));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Identity/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(ExistingPages))]
    public async Task AShopper_IsForbidden(string route)
    {
        using var shopper = new ShopperSession(_app);
        await shopper.SignInAsNewUserAsync(_app, "shopper@example.com");
        var response = await shopper.Client.GetAsync(Url(route));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(ExistingPages))]
    public async Task StaffAndAdmins_GetThePage(string route)
    {
        foreach (var role in new[] { Roles.Staff, Roles.Admin })
        {
            using var staff = new ShopperSession(_app);
            await staff.SignInAsNewUserAsync(_app, $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@storefront.test", role);
            var response = await staff.Client.GetAsync(Url(route));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("/Admin/Products/Create")]
    [InlineData("/Admin/Products/Edit/{id}")]
    [InlineData("/Admin/Products/Stock/{id}")]
    public async Task AShopperPostingAnAdminForm_IsForbiddenAndChangesNothing(string route)
    {
        using var shopper = new ShopperSession(_app);
        await shopper.SignInAsNewUserAsync(_app, "sneaky@example.com");
        var before = await _app.WithDbAsync(async db => (await db.Stock.FindAsync(_productId))!.OnHand);
        var response = await shopper.PostAsync(Url(route),
            [new("Input.Quantity", "50"), new("Input.Reason", "free stock"), new("Input.Sku", "HACK"), new("Input.Name", "Hack"), new("Input.Price", "1")]);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await _app.WithDbAsync(async db => (await db.Stock.FindAsync(_productId))!.OnHand));
        Assert.Equal(1, await _app.WithDbAsync(db => Task.FromResult(db.Products.Count())));
    }
}
