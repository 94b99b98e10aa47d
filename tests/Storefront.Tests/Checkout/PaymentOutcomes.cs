using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Checkout;
using Storefront.Core.Orders;
using Storefront.Core.Payments;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Checkout;

/// <summary>
/// Charge up front: a paid order keeps its stock; a declined card can be replaced while the order is
/// held, and an abandoned order or one declined too often gives it all back.
/// </summary>
public sealed class PaymentOutcomes(StorefrontHost host) : CheckoutTestBase(host)
{
    [Fact]
    public async Task PayingWithTheSuccessCard_MarksTheOrderPaidAndShowsEachLinesShipDate()
    {
        var shelf = await Data.Product("PAY-1").Named("Shelf Lamp").Priced(2500).OnHand(5).SaveAsync();
        var waiting = await Data.Product("PAY-2").Named("Walnut Desk").Priced(40000).OutOfStock().Backorderable()
            .WithDelivery(Today.AddDays(12), 10).SaveAsync();

        var placed = await Shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(shelf.Id, 2), (waiting.Id, 1)]);
        var paid = await Shopper.PayAsync(placed, "4242424242424242");
        var confirmation = await Shopper.Client.GetStringAsync(paid.Headers.Location!);

        Assert.Contains("your order is confirmed", confirmation, StringComparison.Ordinal);
        // Shipped together (checkout's default): the lamps wait for the desk, not "2 ships now".
        Assert.Contains("2 ship with the rest of your order by 15 March 2027", confirmation, StringComparison.Ordinal);
        // 12 days to the delivery plus 2 handling days.
        Assert.Contains("1 backordered — ships by 15 March 2027", confirmation.Replace("&#x2014;", "—", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("$455.99", confirmation, StringComparison.Ordinal);
        await App.WithDbAsync(async db =>
        {
            var order = await db.Orders.SingleAsync();
            Assert.Equal(OrderStatus.Paid, order.Status);
            Assert.Null(order.HoldExpiresAt);
            Assert.Equal(PaymentStatus.Succeeded, (await db.Payments.SingleAsync()).Status);
            Assert.Equal(2, (await db.Stock.SingleAsync(s => s.ProductId == shelf.Id)).Allocated);
            var backorder = await db.BackorderLines.SingleAsync();
            Assert.Equal(new DateOnly(2027, 3, 15), backorder.PromisedEta);
        });
    }

    [Fact]
    public async Task ADeclinedCard_KeepsTheOrderHeld_AndAnotherCardPaysTheSameOrderWithTheSameEtaAndQueuePlace()
    {
        // Found from outside: a declined card released the hold at once, so the shopper lost their
        // backorder place and promised date and had to start again behind everyone who came later.
        var shelf = await Data.Product("RETRY-1").OnHand(5).SaveAsync();
        var waiting = await Data.Product("RETRY-2").OutOfStock().Backorderable()
            .WithDelivery(Today.AddDays(5), 2).WithDelivery(Today.AddDays(20), 10).SaveAsync();
        using var earlier = new ShopperSession(App);
        await earlier.PayAsync(await earlier.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(waiting.Id, 1)], email: "earlier@example.com"), "4242424242424242");
        Clock.Advance(TimeSpan.FromMinutes(1));
        var placed = await Shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(shelf.Id, 2), (waiting.Id, 1)]);
        var mine = await App.WithDbAsync(db => db.BackorderLines.AsNoTracking().SingleAsync(b => b.Order!.Email == "shopper@example.com"));
        Assert.Equal(Today.AddDays(7), mine.PromisedEta);

        var declined = await Shopper.PayAsync(placed, "4000 0000 0000 0002");

        // The shopper is sent to a fresh attempt on the same order, told what happened.
        Assert.Equal(HttpStatusCode.Redirect, declined.StatusCode);
        var retryUrl = declined.Headers.Location!.ToString();
        Assert.StartsWith("/Checkout/Pay/", retryUrl, StringComparison.Ordinal);
        Assert.NotEqual(placed.Headers.Location!.ToString(), retryUrl);
        var retryPage = await Shopper.Client.GetStringAsync(retryUrl);
        Assert.Contains("Payment declined", retryPage, StringComparison.Ordinal);
        Assert.Contains("Your card was declined.", retryPage, StringComparison.Ordinal);
        Assert.Contains("try another card (2 more tries)", retryPage, StringComparison.Ordinal);
        await App.WithDbAsync(async db =>
        {
            Assert.Equal(OrderStatus.PendingPayment, (await db.Orders.SingleAsync(o => o.Email == "shopper@example.com")).Status);
            Assert.Equal(2, (await db.Stock.SingleAsync(s => s.ProductId == shelf.Id)).Allocated);
            Assert.Equal(2, (await db.Stock.SingleAsync(s => s.ProductId == waiting.Id)).Backordered);
        });
        // Someone else backorders meanwhile: they queue behind this order, not ahead of it.
        using var later = new ShopperSession(App);
        Assert.Equal(HttpStatusCode.Redirect, (await later.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(waiting.Id, 1)], email: "later@example.com")).StatusCode);

        var paid = await Shopper.PostAsync(retryUrl, [new("CardNumber", "4242 4242 4242 4242")]);

        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        Assert.Contains("your order is confirmed", await Shopper.Client.GetStringAsync(paid.Headers.Location!), StringComparison.Ordinal);
        await App.WithDbAsync(async db =>
        {
            var order = await db.Orders.SingleAsync(o => o.Email == "shopper@example.com");
            Assert.Equal(OrderStatus.Paid, order.Status);
            var attempts = await db.Payments.AsNoTracking().Where(p => p.OrderId == order.Id).OrderBy(p => p.Id).ToListAsync();
            Assert.Equal([PaymentStatus.Failed, PaymentStatus.Succeeded], attempts.Select(p => p.Status));
            var line = await db.BackorderLines.AsNoTracking().SingleAsync(b => b.OrderId == order.Id);
            Assert.Equal((mine.Id, mine.PlacedAt, mine.PromisedEta, mine.CurrentEta, BackorderStatus.Open), (line.Id, line.PlacedAt, line.PromisedEta, line.CurrentEta, line.Status));
            var queue = await db.BackorderLines.AsNoTracking().Where(b => b.ProductId == waiting.Id && b.Status == BackorderStatus.Open)
                .OrderBy(b => b.PlacedAt).ThenBy(b => b.Id).Select(b => b.Order!.Email).ToListAsync();
            Assert.Equal(["earlier@example.com", "shopper@example.com", "later@example.com"], queue);
            Assert.Equal(2, (await db.Stock.SingleAsync(s => s.ProductId == shelf.Id)).Allocated);
        });
    }

    [Theory]
    [InlineData("4000 0000 0000 0002", "Your card was declined.")]
    [InlineData("4000000000009995", "insufficient funds")]
    public async Task TheLastDeclinedCardAllowed_SaysDeclinedChargesNothingAndReleasesEveryUnit(string card, string message)
    {
        var shelf = await Data.Product("DEC-1").OnHand(5).SaveAsync();
        var waiting = await Data.Product("DEC-2").OutOfStock().BackorderableUpTo(3).RestockExpected(Today.AddDays(30)).SaveAsync();

        var placed = await Shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(shelf.Id, 2), (waiting.Id, 3)]);
        var attempt = await Shopper.PayAsync(placed, card);
        Assert.Equal(HttpStatusCode.Redirect, attempt.StatusCode);
        attempt = await Shopper.PostAsync(attempt.Headers.Location!.ToString(), [new("CardNumber", card)]);
        Assert.Equal(HttpStatusCode.Redirect, attempt.StatusCode);
        // Two declines: still held.
        await App.WithDbAsync(async db => Assert.Equal(OrderStatus.PendingPayment, (await db.Orders.SingleAsync()).Status));
        var last = await Shopper.PostAsync(attempt.Headers.Location!.ToString(), [new("CardNumber", card)]);
        var html = await last.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        Assert.Contains("Payment declined", html, StringComparison.Ordinal);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains("no longer held", html, StringComparison.Ordinal);
        await App.WithDbAsync(async db =>
        {
            Assert.Equal(OrderStatus.PaymentFailed, (await db.Orders.SingleAsync()).Status);
            Assert.All(await db.Payments.ToListAsync(), p => Assert.Equal(PaymentStatus.Failed, p.Status));
            Assert.Equal(3, await db.Payments.CountAsync());
            var stock = await db.Stock.AsNoTracking().OrderBy(s => s.ProductId).ToListAsync();
            Assert.All(stock, s => Assert.Equal(0, s.Allocated));
            Assert.All(stock, s => Assert.Equal(0, s.Backordered));
            Assert.All(await db.OrderLines.ToListAsync(), l => Assert.Equal(l.Quantity, l.CancelledQuantity));
        });
        // The whole cap is free again for the next shopper.
        using var next = new ShopperSession(App);
        Assert.Equal(HttpStatusCode.Redirect, (await next.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(waiting.Id, 3)])).StatusCode);
    }

    [Fact]
    public async Task AfterADeclinedCard_TheCheckoutFormStillHoldsWhatTheShopperTyped_ButNoCardNumber()
    {
        // Found from outside: back on the checkout form after a declined card, every field was empty again.
        var shelf = await Data.Product("FORM-1").OnHand(5).SaveAsync();
        var waiting = await Data.Product("FORM-2").OutOfStock().Backorderable().RestockExpected(Today.AddDays(30)).SaveAsync();
        await Shopper.AddToCartAsync(shelf.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "1");
        await Shopper.AddToCartAsync(waiting.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "1");
        var blank = await Shopper.Client.GetStringAsync("/Checkout");
        Assert.DoesNotContain("Grace Typed", blank, StringComparison.Ordinal);

        var placed = await Shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(shelf.Id, 1), (waiting.Id, 1)],
            extra: [new("Input.Shipping", "Split"), new("Input.Line2", "Flat 4")], email: "grace@example.com", name: "Grace Typed", line1: "7 Typed Road");
        await Shopper.PayAsync(placed, "4000000000000002");
        var form = await Shopper.Client.GetStringAsync("/Checkout");

        Assert.Contains("value=\"grace@example.com\"", form, StringComparison.Ordinal);
        Assert.Contains("value=\"Grace Typed\"", form, StringComparison.Ordinal);
        Assert.Contains("value=\"7 Typed Road\"", form, StringComparison.Ordinal);
        Assert.Contains("value=\"Flat 4\"", form, StringComparison.Ordinal);
        Assert.Contains("value=\"Springfield\"", form, StringComparison.Ordinal);
        Assert.Contains("value=\"12345\"", form, StringComparison.Ordinal);
        Assert.Matches("id=\"shipping-split\"[^>]*checked", form);
        Assert.DoesNotContain("4000000000000002", form, StringComparison.Ordinal);
        Assert.DoesNotContain("4000 0000 0000 0002", form, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACardThatIsNotATestCard_AsksAgainAndChangesNothing()
    {
        var shelf = await Data.Product("NOT-1").OnHand(5).SaveAsync();
        var placed = await Shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(shelf.Id, 1)]);
        var before = await SnapshotAsync();

        var response = await Shopper.PayAsync(placed, "1234 5678");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("test payments only", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task AnAbandonedCheckout_ReleasesItsHoldWhenItExpires_AndOlderBackordersAreServedFirst()
    {
        var product = await Data.Product("EXP-1").OnHand(2).Backorderable().RestockExpected(Today.AddDays(10)).SaveAsync();
        // The first shopper takes both units and walks away; the second backorders one and pays.
        var abandoned = await Shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(product.Id, 2)]);
        using var second = new ShopperSession(App);
        var backordered = await second.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(product.Id, 1)]);
        await second.PayAsync(backordered, "4242424242424242");

        Clock.Advance(TimeSpan.FromMinutes(11));
        await using (var scope = App.CreateScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<OrderHolds>().ReleaseExpiredAsync());
        }

        Assert.Equal(HttpStatusCode.Redirect, abandoned.StatusCode);
        await App.WithDbAsync(async db =>
        {
            var stock = await db.Stock.SingleAsync(s => s.ProductId == product.Id);
            Assert.Equal(1, stock.Allocated);
            Assert.Equal(0, stock.Backordered);
            var line = await db.OrderLines.SingleAsync(l => l.Order!.Status == OrderStatus.Paid);
            Assert.Equal(1, line.AllocatedQuantity);
            Assert.Equal(0, line.BackorderedQuantity);
            Assert.Equal(BackorderStatus.Filled, (await db.BackorderLines.SingleAsync(b => b.OrderLineId == line.Id)).Status);
            Assert.Equal(OrderStatus.Expired, (await db.Orders.SingleAsync(o => o.Id != line.OrderId)).Status);
        });
        // One unit is left on the shelf for the next shopper.
        var feed = await Shopper.Client.GetStringAsync("/api/products/EXP-1");
        Assert.Contains("\"maxQuantity\":", feed, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"LowStock\"", feed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAbandonedCheckoutsPaymentAttemptIsClosedWhenItsHoldExpires()
    {
        // Found from outside: an order whose hold expired kept a Pending payment row for ever.
        var product = await Data.Product("EXP-2").OnHand(2).SaveAsync();
        var abandoned = await Shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(product.Id, 1)]);
        Assert.Equal(HttpStatusCode.Redirect, abandoned.StatusCode);
        Assert.Equal(PaymentStatus.Pending, (await App.WithDbAsync(db => db.Payments.AsNoTracking().SingleAsync())).Status);

        Clock.Advance(TimeSpan.FromMinutes(11));
        await using (var scope = App.CreateScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<OrderHolds>().ReleaseExpiredAsync());
        }

        var payment = await App.WithDbAsync(db => db.Payments.AsNoTracking().SingleAsync());
        Assert.Equal(PaymentStatus.Failed, payment.Status);
        Assert.Equal(OrderHolds.HoldExpiredMessage, payment.FailureMessage);
        Assert.NotNull(payment.CompletedAt);
        Assert.Equal(OrderStatus.Expired, (await App.WithDbAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.Id == payment.OrderId))).Status);
    }
}
