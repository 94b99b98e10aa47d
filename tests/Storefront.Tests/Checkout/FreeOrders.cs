using System.Net;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Orders;
using Storefront.Core.Payments;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Checkout;

/// <summary>An order with nothing to pay is confirmed without asking for a card.</summary>
public sealed class FreeOrders : IAsyncLifetime
{
    private readonly StorefrontFactory _app = new(new StorefrontOptions
    {
        Settings = new Dictionary<string, string?> { ["Store:FlatShippingAmount"] = "0" },
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AnOrderTotallingZero_IsConfirmedWithoutTheCardPage()
    {
        var sample = await _app.Data().Product("FREE-1").Priced(0).OnHand(5).SaveAsync();
        using var shopper = new ShopperSession(_app);

        var placed = await shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(sample.Id, 1)]);

        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        Assert.Contains("/Checkout/Confirmation/", placed.Headers.Location!.ToString(), StringComparison.Ordinal);
        await _app.WithDbAsync(async db =>
        {
            Assert.Equal(OrderStatus.Paid, (await db.Orders.SingleAsync()).Status);
            var payment = await db.Payments.SingleAsync();
            Assert.Equal((0L, PaymentStatus.Succeeded), (payment.Amount, payment.Status));
        });
    }
}
