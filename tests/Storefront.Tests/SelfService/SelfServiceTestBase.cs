using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Storefront.Core.Orders;
using Storefront.Core.Payments;
using Storefront.Tests.Infrastructure;
using Storefront.Web.Checkout;

namespace Storefront.Tests.SelfService;

/// <summary>
/// A shop over SQLite, shared by the class and emptied for every test, "today" fixed at 1 March 2027,
/// paid through the built-in test gateway (or a gateway a test class substitutes).
/// </summary>
public abstract class SelfServiceTestBase(StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    public static readonly DateOnly Today = new(2027, 3, 1);

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
    protected StorefrontFactory App { get; private set; } = null!;
    protected ShopperSession Shopper { get; private set; } = null!;
    protected CatalogBuilder Data { get; private set; } = null!;

    /// <summary>Override to replace services (e.g. the payment gateway) for every test of a class.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public async Task InitializeAsync()
    {
        App = await host.AppForTestAsync(new StorefrontOptions { ConfigureServices = ConfigureServices }, Clock);
        Shopper = new ShopperSession(App);
        Data = App.Data();
    }

    public Task DisposeAsync()
    {
        Shopper.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Places an order through the checkout form and pays with the success card; returns its number.</summary>
    protected async Task<string> PlaceAndPayAsync(ShopperSession session, params (int ProductId, int Quantity)[] lines)
    {
        var placed = await session.PlaceOrderAsync(Guid.NewGuid().ToString("N"), lines);
        var paid = await session.PayAsync(placed, "4242424242424242");
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        var location = paid.Headers.Location!.ToString();
        Assert.StartsWith("/Checkout/Confirmation/", location, StringComparison.Ordinal);
        var number = Uri.UnescapeDataString(location["/Checkout/Confirmation/".Length..].Split('?')[0]);
        var order = await OrderAsync(number);
        Assert.Equal(OrderStatus.Paid, order.Status);
        return number;
    }

    protected string TokenFor(string number) => App.Services.GetRequiredService<OrderAccess>().TokenFor(number);

    /// <summary>The guest link an email carries: /Orders/{number}?t=…</summary>
    protected string GuestUrl(string number, string suffix = "") =>
        $"/Orders/{Uri.EscapeDataString(number)}{suffix}?t={Uri.EscapeDataString(TokenFor(number))}";

    protected Task<Order> OrderAsync(string number) => App.WithDbAsync(db => db.Orders.AsNoTracking().AsSplitQuery()
        .Include(o => o.Lines).ThenInclude(l => l.Backorders).SingleAsync(o => o.Number == number));

    protected async Task<BackorderLine> BackorderAsync(string number) =>
        Assert.Single((await OrderAsync(number)).Lines.SelectMany(l => l.Backorders));

    protected Task<List<Refund>> RefundsAsync(string number) => App.WithDbAsync(async db =>
    {
        var id = await db.Orders.Where(o => o.Number == number).Select(o => o.Id).SingleAsync();
        return await db.Refunds.AsNoTracking().Where(r => r.OrderId == id).ToListAsync();
    });

    protected Task<Payment> PaymentAsync(string number) => App.WithDbAsync(async db =>
    {
        var id = await db.Orders.Where(o => o.Number == number).Select(o => o.Id).SingleAsync();
        return await db.Payments.AsNoTracking().SingleAsync(p => p.OrderId == id && p.Status == PaymentStatus.Succeeded);
    });

    protected async Task<BackorderCancellationResult> CancelAsync(string number, int backorderId, int? expected = null, string actor = "test")
    {
        await using var scope = App.CreateScope();
        var order = await OrderAsync(number);
        return await scope.ServiceProvider.GetRequiredService<BackorderCancellation>().CancelAsync(order.Id, backorderId, expected, actor);
    }

    /// <summary>Posts the confirmation step's form, as the Cancel backorder page does.</summary>
    protected Task<HttpResponseMessage> PostCancelAsync(ShopperSession session, string url, int units) =>
        session.PostAsync(url, [new("Input.Units", units.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
}
