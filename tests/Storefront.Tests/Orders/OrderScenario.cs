using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Checkout;
using Storefront.Core.Data;
using Storefront.Core.Inventory;
using Storefront.Core.Orders;
using Storefront.Core.Shipping;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Orders;

/// <summary>Orders placed, paid, received and shipped through the real services, without HTTP.</summary>
public static class OrderScenario
{
    public static readonly ShippingAddress Address = new("Ada Shopper", "1 High Street", null, "Springfield", "12345", "United States");

    /// <summary>Places an order and confirms its payment; fails the test if it could not be placed.</summary>
    public static Task<Order> PlacePaidAsync(StorefrontFactory app, params (int ProductId, int Quantity)[] lines) =>
        PlacePaidAsync(app, null, lines);

    /// <summary>As above, with the shopper's shipping choice (none: checkout's default, together).</summary>
    public static async Task<Order> PlacePaidAsync(StorefrontFactory app, ShippingChoice? shipping, params (int ProductId, int Quantity)[] lines)
    {
        var order = await PlaceAsync(app, shipping, lines);
        await using var scope = app.CreateScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<OrderHolds>().ConfirmPaidAsync(order.Id));
        return order;
    }

    public static Task<Order> PlaceAsync(StorefrontFactory app, params (int ProductId, int Quantity)[] lines) => PlaceAsync(app, null, lines);

    public static async Task<Order> PlaceAsync(StorefrontFactory app, ShippingChoice? shipping, params (int ProductId, int Quantity)[] lines)
    {
        await using var scope = app.CreateScope();
        var placement = scope.ServiceProvider.GetRequiredService<OrderPlacement>();
        var result = await placement.PlaceAsync(new PlaceOrderRequest(Guid.NewGuid().ToString("N"), "ada@example.test", null, Address,
            [.. lines.Select(l => new OrderLineRequest(l.ProductId, l.Quantity))], BackorderTermsAccepted: true, Shipping: shipping));
        Assert.True(result.Outcome == PlaceOrderOutcome.Placed, string.Join("; ", result.Errors));
        return result.Order!;
    }

    public static async Task<ShipResult> ShipAsync(StorefrontFactory app, int orderId, IReadOnlyList<ShipLineRequest>? lines = null,
        string? key = null, string carrier = "UPS", string tracking = "1Z999AA10123456784", string? overrideReason = null)
    {
        await using var scope = app.CreateScope();
        var shipping = scope.ServiceProvider.GetRequiredService<ShippingService>();
        return await shipping.ShipAsync(new ShipRequest(orderId, key ?? ShippingService.NewShipmentKey(), carrier, tracking, "staff@example.test", lines, overrideReason));
    }

    /// <summary>Receives units the way receiving does: on hand up, then the backorder queue is served first.</summary>
    public static async Task ReceiveAsync(StorefrontFactory app, int productId, int units)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StorefrontDbContext>();
        var inventory = scope.ServiceProvider.GetRequiredService<InventoryEngine>();
        await db.InTransactionAsync(ct => inventory.ReceiveAsync(productId, units, new StockReason("Test receipt", "tests"), ct));
    }

    public static Task<Order> LoadAsync(StorefrontFactory app, int orderId) => app.WithDbAsync(db =>
        db.Orders.AsNoTracking().Include(o => o.Lines).ThenInclude(l => l.Backorders).SingleAsync(o => o.Id == orderId));

    public static Task<Stock> StockAsync(StorefrontFactory app, int productId) => app.WithDbAsync(db =>
        db.Stock.AsNoTracking().SingleAsync(s => s.ProductId == productId));
}
