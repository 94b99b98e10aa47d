using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Catalog;
using Storefront.Core.Common;
using Storefront.Core.Identity;
using Storefront.Core.Inventory;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;
using Storefront.Core.Shipping;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.SelfService;

/// <summary>
/// A customer cancels the unfilled backordered part of a line and gets exactly that back, once,
/// on the built-in test gateway. The product's first delivery (2 units) is due on 11 March, the next
/// (10 units) on 31 March; two handling days put the first two queue positions at 13 March and the
/// rest at 2 April.
/// </summary>
public sealed class CancelBackorderOnTestGateway(StorefrontHost host) : SelfServiceTestBase(host)
{
    private static readonly DateOnly FirstEta = Today.AddDays(12);
    private static readonly DateOnly SecondEta = Today.AddDays(32);

    private async Task<(Product Shelf, Product Waiting)> ProductsAsync()
    {
        var shelf = await Data.Product("SHELF-1").Named("Shelf Lamp").Priced(1999).OnHand(10).SaveAsync();
        var waiting = await Data.Product("WAIT-1").Named("Walnut Desk").Priced(4000).OutOfStock().Backorderable()
            .WithDelivery(Today.AddDays(10), 2).WithDelivery(Today.AddDays(30), 10).SaveAsync();
        return (shelf, waiting);
    }

    private async Task ReceiveAsync(int productId, int units)
    {
        await using var scope = App.CreateScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<Receiving>().ReceiveAsync(productId, units, "PO-1", "tests");
        Assert.Empty(outcome.Errors);
    }

    [Fact]
    public async Task CancellingThroughTheGuestLinkRefundsTheOpenUnitsMovesTheQueueUpAndEmailsTheCustomer()
    {
        var (shelf, waiting) = await ProductsAsync();
        var number = await PlaceAndPayAsync(Shopper, (shelf.Id, 1), (waiting.Id, 2));
        using var later = new ShopperSession(App);
        var laterNumber = await PlaceAndPayAsync(later, (waiting.Id, 1));
        var backorder = await BackorderAsync(number);
        Assert.Equal(SecondEta, (await BackorderAsync(laterNumber)).CurrentEta);

        using var guest = new ShopperSession(App);
        var page = await guest.Client.GetStringAsync(GuestUrl(number));
        Assert.Contains("2 backordered — ships by " + DateText.ForPeople(FirstEta), Decode(page), StringComparison.Ordinal);
        Assert.Contains("Cancel backorder", page, StringComparison.Ordinal);
        // Shipped together (checkout's default): the shelf unit waits for the backordered ones.
        Assert.Contains("1 ships with the rest of your order by " + DateText.ForPeople(FirstEta), Decode(page), StringComparison.Ordinal);

        var cancelUrl = GuestUrl(number, $"/Cancel/{backorder.Id}");
        var confirm = await guest.Client.GetStringAsync(cancelUrl);
        Assert.Contains("We'll refund <strong id=\"refund-amount\">$80.00</strong>", Decode(confirm), StringComparison.Ordinal);

        var posted = await PostCancelAsync(guest, cancelUrl, 2);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var after = Decode(await guest.Client.GetStringAsync(posted.Headers.Location!));
        Assert.Contains("We've refunded $80.00", after, StringComparison.Ordinal);
        Assert.Contains("2 backordered units cancelled", after, StringComparison.Ordinal);
        Assert.DoesNotContain("Cancel backorder", after, StringComparison.Ordinal);
        Assert.DoesNotContain("Retry refund", after, StringComparison.Ordinal);

        var order = await OrderAsync(number);
        var line = order.Lines.Single(l => l.ProductId == waiting.Id);
        Assert.Equal((2, 0, 0, 2), (line.Quantity, line.AllocatedQuantity, line.BackorderedQuantity, line.CancelledQuantity));
        Assert.Equal(1, order.Lines.Single(l => l.ProductId == shelf.Id).AllocatedQuantity);
        var cancelled = line.Backorders.Single();
        Assert.Equal((BackorderStatus.Cancelled, 0, 2), (cancelled.Status, cancelled.Quantity, cancelled.CancelledQuantity));

        var refund = Assert.Single(await RefundsAsync(number));
        Assert.Equal(8000, refund.Amount);
        Assert.Equal("cancel-bo-" + backorder.Id, refund.IdempotencyKey);
        Assert.Equal("test_re_cancel-bo-" + backorder.Id, refund.ProviderReference);
        Assert.Equal(8000, (await PaymentAsync(number)).RefundedAmount);

        await App.WithDbAsync(async db =>
        {
            Assert.Equal(1, (await db.Stock.AsNoTracking().SingleAsync(s => s.ProductId == waiting.Id)).Backordered);
            var moved = await db.BackorderLines.AsNoTracking().Include(b => b.EtaChanges).SingleAsync(b => b.Order!.Number == laterNumber);
            Assert.Equal(FirstEta, moved.CurrentEta);
            var change = Assert.Single(moved.EtaChanges);
            Assert.Equal((SecondEta, FirstEta), (change.OldEta, change.NewEta));
            Assert.Equal("An earlier backorder in the queue was cancelled", change.Reason);
            Assert.DoesNotContain(number, change.Reason, StringComparison.Ordinal);

            var mail = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Kind == "BackorderCancelled");
            Assert.Equal("shopper@example.com", mail.Recipient);
            Assert.Equal("backorder-cancelled:" + backorder.Id, mail.DedupKey);
            Assert.Contains("$80.00", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains("2 × Walnut Desk", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains("/Orders/" + number + "?t=", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains("$80.00", mail.HtmlBody, StringComparison.Ordinal);
        });

        // The later customer's own page shows the earlier date and why it moved.
        var laterPage = Decode(await later.Client.GetStringAsync(GuestUrl(laterNumber)));
        Assert.Contains(DateText.ForPeople(SecondEta) + " → " + DateText.ForPeople(FirstEta) + " — An order ahead of you in the queue was cancelled", laterPage, StringComparison.Ordinal);
        Assert.Contains("Promised at purchase: <span class=\"promised-eta\">" + DateText.ForPeople(SecondEta), laterPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DoubleClicksAndConcurrentCancelsCancelAndRefundExactlyOnce()
    {
        var (_, waiting) = await ProductsAsync();
        var number = await PlaceAndPayAsync(Shopper, (waiting.Id, 2));
        var backorder = await BackorderAsync(number);
        var url = GuestUrl(number, $"/Cancel/{backorder.Id}");
        using var tab1 = new ShopperSession(App);
        using var tab2 = new ShopperSession(App);
        await tab1.TokenAsync();
        await tab2.TokenAsync();

        var posts = new[] { PostCancelAsync(tab1, url, 2), PostCancelAsync(tab2, url, 2), PostCancelAsync(tab1, url, 2) };
        var calls = Enumerable.Range(0, 4).Select(_ => CancelAsync(number, backorder.Id, 2)).ToArray();
        await Task.WhenAll(posts);
        var results = await Task.WhenAll(calls);

        Assert.All(posts, p => Assert.Equal(HttpStatusCode.Redirect, p.Result.StatusCode));
        Assert.True(results.Count(r => r.Outcome == CancellationOutcome.Cancelled) <= 1);
        Assert.All(results, r => Assert.Contains(r.Outcome, new[] { CancellationOutcome.Cancelled, CancellationOutcome.AlreadyCancelled }));
        var refund = Assert.Single(await RefundsAsync(number));
        Assert.Equal(8599, refund.Amount); // 2 × $40.00 and the $5.99 shipping: the order has nothing left to ship
        Assert.Equal(8599, (await PaymentAsync(number)).RefundedAmount);
        var line = (await OrderAsync(number)).Lines.Single();
        Assert.Equal((0, 2), (line.BackorderedQuantity, line.CancelledQuantity));
        await App.WithDbAsync(async db =>
        {
            Assert.Equal(0, (await db.Stock.AsNoTracking().SingleAsync(s => s.ProductId == waiting.Id)).Backordered);
            Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.Kind == "BackorderCancelled"));
        });
        // A later re-post of the same form changes nothing and says so.
        var again = await PostCancelAsync(tab2, url, 2);
        var page = Decode(await tab2.Client.GetStringAsync(again.Headers.Location!));
        Assert.Contains("This backorder was already cancelled", page, StringComparison.Ordinal);
        Assert.Single(await RefundsAsync(number));
    }

    [Fact]
    public async Task AFilledBackorderOffersNoCancelAndRefundsNothing()
    {
        var (_, waiting) = await ProductsAsync();
        var number = await PlaceAndPayAsync(Shopper, (waiting.Id, 2));
        var backorder = await BackorderAsync(number);
        await ReceiveAsync(waiting.Id, 2);
        Assert.Equal(BackorderStatus.Filled, (await BackorderAsync(number)).Status);

        var page = await Shopper.Client.GetStringAsync(GuestUrl(number));
        Assert.DoesNotContain("Cancel backorder", page, StringComparison.Ordinal);
        var confirm = await Shopper.Client.GetAsync(GuestUrl(number, $"/Cancel/{backorder.Id}"));
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        var posted = await PostCancelAsync(Shopper, GuestUrl(number, $"/Cancel/{backorder.Id}"), 2);
        var after = Decode(await Shopper.Client.GetStringAsync(posted.Headers.Location!));
        Assert.Contains("can no longer be cancelled", after, StringComparison.Ordinal);
        var direct = await CancelAsync(number, backorder.Id);

        Assert.Equal(CancellationOutcome.NotCancellable, direct.Outcome);
        Assert.Empty(await RefundsAsync(number));
        Assert.Equal(0, (await PaymentAsync(number)).RefundedAmount);
        var line = (await OrderAsync(number)).Lines.Single();
        Assert.Equal((2, 0, 0), (line.AllocatedQuantity, line.BackorderedQuantity, line.CancelledQuantity));
    }

    [Fact]
    public async Task APartlyFilledBackorderCancelsAndRefundsOnlyTheUnitsStillWaiting()
    {
        var (_, waiting) = await ProductsAsync();
        var number = await PlaceAndPayAsync(Shopper, (waiting.Id, 3));
        var backorder = await BackorderAsync(number);
        await ReceiveAsync(waiting.Id, 1);

        var result = await CancelAsync(number, backorder.Id);

        Assert.Equal(CancellationOutcome.Cancelled, result.Outcome);
        Assert.Equal(2, result.Units);
        Assert.Equal(new Money(8000, "USD"), result.Refund!.Amount);
        var line = (await OrderAsync(number)).Lines.Single();
        Assert.Equal((3, 1, 0, 2), (line.Quantity, line.AllocatedQuantity, line.BackorderedQuantity, line.CancelledQuantity));
        var refunds = await RefundsAsync(number);
        Assert.Equal(8000, Assert.Single(refunds).Amount);
        Assert.True(refunds.Sum(r => r.Amount) <= line.UnitPriceAmount * line.Quantity);
        // Asking again for the refund neither repeats it nor adds to it.
        await using (var scope = App.CreateScope())
        {
            var order = await OrderAsync(number);
            var again = await scope.ServiceProvider.GetRequiredService<BackorderCancellation>().RefundAsync(order.Id, backorder.Id);
            Assert.True(again!.Confirmed);
        }
        Assert.Single(await RefundsAsync(number));
        Assert.Equal(8000, (await PaymentAsync(number)).RefundedAmount);
    }

    [Fact]
    public async Task WhenUnitsArriveBetweenTheConfirmationAndThePostTheNewAmountIsAskedAgain()
    {
        var (_, waiting) = await ProductsAsync();
        var number = await PlaceAndPayAsync(Shopper, (waiting.Id, 3));
        var backorder = await BackorderAsync(number);
        var url = GuestUrl(number, $"/Cancel/{backorder.Id}");
        Assert.Contains("$125.99", await Shopper.Client.GetStringAsync(url), StringComparison.Ordinal); // 3 × $40.00 and the shipping
        await ReceiveAsync(waiting.Id, 1);

        var stale = await PostCancelAsync(Shopper, url, 3);

        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var html = Decode(await stale.Content.ReadAsStringAsync());
        Assert.Contains("the refund has changed", html, StringComparison.Ordinal);
        Assert.Contains("$80.00", html, StringComparison.Ordinal); // one unit now ships, so the shipping stays
        Assert.Empty(await RefundsAsync(number));
        Assert.Equal(BackorderStatus.Open, (await BackorderAsync(number)).Status);

        var confirmed = await PostCancelAsync(Shopper, url, 2);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(8000, Assert.Single(await RefundsAsync(number)).Amount);
    }

    // Reproduction: posting Input.Units=-1 (or 0, or "abc") cancelled every open unit and refunded them.
    [Theory]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("abc")]
    public async Task AUnitCountThePageNeverOffered_CancelsNothing_AndAsksAgain(string units)
    {
        var (_, waiting) = await ProductsAsync();
        var number = await PlaceAndPayAsync(Shopper, (waiting.Id, 2));
        var backorder = await BackorderAsync(number);
        var url = GuestUrl(number, $"/Cancel/{backorder.Id}");

        var posted = await Shopper.PostAsync(url, [new("Input.Units", units)]);

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("nothing was cancelled", Decode(await posted.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Empty(await RefundsAsync(number));
        var after = await BackorderAsync(number);
        Assert.Equal((BackorderStatus.Open, 2), (after.Status, after.Quantity));
    }

    [Fact]
    public async Task StaffCancelAndRefundFromTheAdminOrderPageAsThemselves()
    {
        var (_, waiting) = await ProductsAsync();
        var number = await PlaceAndPayAsync(Shopper, (waiting.Id, 2));
        using var later = new ShopperSession(App);
        var laterNumber = await PlaceAndPayAsync(later, (waiting.Id, 1));
        var backorder = await BackorderAsync(number);
        using var staff = new ShopperSession(App);
        await staff.SignInAsNewUserAsync(App, "clerk@storefront.test", Roles.Staff);

        var details = await staff.Client.GetStringAsync($"/Admin/Orders/Details/{number}");
        Assert.Contains("Cancel backorder and refund $85.99", details, StringComparison.Ordinal); // the shipping too: nothing would be left to ship
        var posted = await staff.PostAsync($"/Admin/Orders/Details/{number}?handler=CancelBackorder",
            [new("backorderId", backorder.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("units", "2")]);

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var after = await staff.Client.GetStringAsync(posted.Headers.Location!);
        Assert.Contains("and refunded $85.99", after, StringComparison.Ordinal);
        Assert.DoesNotContain("Cancel backorder and refund", after, StringComparison.Ordinal);
        Assert.Equal(8599, Assert.Single(await RefundsAsync(number)).Amount);
        await App.WithDbAsync(async db =>
        {
            var change = await db.EtaChanges.AsNoTracking().SingleAsync(c => c.BackorderLineId == db.BackorderLines.Single(b => b.Order!.Number == laterNumber).Id);
            Assert.Equal($"Staff clerk@storefront.test (cancelled on order {number})", change.ChangedBy);
        });
        // A shopper cannot reach the staff action.
        var shopperTry = await Shopper.PostAsync($"/Admin/Orders/Details/{number}?handler=CancelBackorder",
            [new("backorderId", backorder.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("units", "2")]);
        Assert.NotEqual(HttpStatusCode.OK, shopperTry.StatusCode);
        Assert.False(shopperTry.Headers.Location?.ToString().Contains("/Admin/Orders", StringComparison.Ordinal) ?? false);
    }

    private static string Decode(string html) => WebUtility.HtmlDecode(html);

    /// <summary>
    /// The emails promise "cancel for a full refund"; cancelling all an order waited for used to keep
    /// its shipping charge although nothing would ever ship. Now everything charged comes back, and
    /// the confirmation step and the email say what is the shipping part.
    /// </summary>
    [Fact]
    public async Task CancellingEverythingAnOrderWasWaitingForEndsTheOrderAsCancelledAndRefundsTheShippingToo()
    {
        var (_, waiting) = await ProductsAsync();
        var number = await PlaceAndPayAsync(Shopper, (waiting.Id, 2));
        var backorder = await BackorderAsync(number);
        var confirm = Decode(await Shopper.Client.GetStringAsync(GuestUrl(number, $"/Cancel/{backorder.Id}")));

        var result = await CancelAsync(number, backorder.Id);

        Assert.Contains("We'll refund <strong id=\"refund-amount\">$85.99</strong> (2 × $40.00, and $5.99 for shipping, as nothing is left to ship)", confirm, StringComparison.Ordinal);
        Assert.Equal(CancellationOutcome.Cancelled, result.Outcome);
        Assert.Equal(OrderStatus.Cancelled, (await OrderAsync(number)).Status);
        var payment = await PaymentAsync(number);
        Assert.Equal(payment.Amount, (await RefundsAsync(number)).Sum(r => r.Amount));
        Assert.Equal(8599, payment.RefundedAmount);
        await App.WithDbAsync(async db =>
        {
            var mail = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Kind == "BackorderCancelled");
            Assert.Contains("Refund: $85.99 to the payment method you used: $80.00 for the cancelled items and $5.99 for shipping, as nothing is left to ship", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains("Shipping (nothing is left to ship)", mail.HtmlBody, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task CancellingTheBackorderOfAnOrderWhoseOtherUnitsShippedEndsItAsShipped()
    {
        var (shelf, waiting) = await ProductsAsync();
        var number = await PlaceAndPayAsync(Shopper, (shelf.Id, 1), (waiting.Id, 1));
        await using (var scope = App.CreateScope())
        {
            var order = await OrderAsync(number);
            await scope.ServiceProvider.GetRequiredService<ShippingService>()
                .ShipAsync(new ShipRequest(order.Id, Guid.NewGuid().ToString("N"), "UPS", "1Z999", "tests", null,
                    OverrideReason: "Shelf item sent ahead at the customer's request"));
            Assert.Equal(OrderStatus.PartiallyShipped, (await OrderAsync(number)).Status);
        }

        await CancelAsync(number, (await BackorderAsync(number)).Id);

        Assert.Equal(OrderStatus.Shipped, (await OrderAsync(number)).Status);
        // The shipping paid for the parcel that went out: only the cancelled unit comes back, and the email says that amount.
        Assert.Equal(4000, Assert.Single(await RefundsAsync(number)).Amount);
        await App.WithDbAsync(async db =>
        {
            var mail = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Kind == "BackorderCancelled");
            Assert.Contains("Refund: $40.00 to the payment method you used\n", mail.TextBody.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        });
    }
}
