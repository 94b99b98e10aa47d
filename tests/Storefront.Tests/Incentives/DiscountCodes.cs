using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Checkout;
using Storefront.Core.Incentives;
using Storefront.Core.Orders;
using Storefront.Core.Payments;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Incentives;

/// <summary>Codes are issued once, redeemed once, refused when expired or unknown, and handed back when the order is never paid.</summary>
public sealed class DiscountCodes(StorefrontHost host) : IncentivesTestBase(host)
{
    private const string GoodCard = "4242424242424242";
    private const string DeclinedCard = "4000000000000002";

    private Task<HttpResponseMessage> PlaceWithCodeAsync(ShopperSession shopper, int productId, string code, int quantity = 1) =>
        shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(productId, quantity)], acceptBackorder: false,
            extra: [Field("Input.DiscountCode", code)]);

    [Fact]
    public async Task PayingForABackorder_IssuesOneNextPurchaseCode_ShownInTheConfirmationEmail_EvenWhenPaymentIsConfirmedTwice()
    {
        await SetIncentivesAsync(s => { s.NextPurchaseEnabled = true; s.NextPurchaseKind = DiscountKind.Percent; s.NextPurchaseValue = 15; s.NextPurchaseValidDays = 60; });
        var (shelf, waiting) = await MixedCatalogAsync();
        var placed = await Shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(shelf, 1), (waiting, 1)]);

        var paid = await Shopper.PayAsync(placed, GoodCard);
        var order = (await OrdersAsync()).Single();
        // A redelivered webhook or a second confirmation of the same attempt.
        await using (var scope = App.CreateScope())
        {
            var payments = scope.ServiceProvider.GetRequiredService<PaymentService>();
            Assert.Equal(PaymentCompletion.AlreadyHandled, await payments.CompleteAsync(PaymentService.AttemptKeyFor(order), true));
        }

        var codes = await App.WithDbAsync(db => db.Set<IncentiveCode>().AsNoTracking().ToListAsync());
        var code = Assert.Single(codes);
        Assert.Equal(IncentiveReason.NextPurchase, code.Reason);
        Assert.Equal(ShopperEmail, code.Email);
        Assert.Equal(order.Id, code.SourceOrderId);
        Assert.Equal(Clock.GetUtcNow().UtcDateTime.AddDays(60), code.ExpiresAt);
        var email = await App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Kind == "OrderConfirmed"));
        Assert.Contains(IncentiveCodes.Format(code.Code), email.TextBody, StringComparison.Ordinal);
        Assert.Contains("15% off", email.TextBody, StringComparison.Ordinal);
        Assert.Contains(IncentiveCodes.Format(code.Code), email.HtmlBody, StringComparison.Ordinal);
        await using (var scope = App.CreateScope())
        {
            var view = Assert.Single(await scope.ServiceProvider.GetRequiredService<IncentiveCodes>().ForOrderAsync(order.Id));
            Assert.Equal(IncentiveCodes.Format(code.Code), view.Code);
            Assert.False(view.Redeemed);
        }
        // The customer finds the code on the order page too, through the signed link.
        var orderPage = await Shopper.Client.GetStringAsync($"/Orders/{order.Number}{paid.Headers.Location!.OriginalString[paid.Headers.Location.OriginalString.IndexOf('?', StringComparison.Ordinal)..]}");
        Assert.Contains(IncentiveCodes.Format(code.Code), orderPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoNextPurchaseCode_WhenNothingWasBackordered_OrWhenTheMerchantHasNotTurnedItOn()
    {
        var (shelf, waiting) = await MixedCatalogAsync();
        await Shopper.PayAsync(await Shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(waiting, 1)]), GoodCard);
        await SetIncentivesAsync(s => s.NextPurchaseEnabled = true);
        await Shopper.PayAsync(await Shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(shelf, 1)], acceptBackorder: false), GoodCard);

        Assert.Equal(2, (await OrdersAsync()).Count(o => o.Status == OrderStatus.Paid));
        Assert.Equal(0, await App.WithDbAsync(db => db.Set<IncentiveCode>().CountAsync()));
    }

    [Fact]
    public async Task ACode_TakesItsDiscountOffTheOrder_AndASecondUseIsRefusedWithAClearMessage()
    {
        var (shelf, _) = await MixedCatalogAsync();
        var code = await IssueCodeAsync(DiscountKind.Amount, 500);

        var first = await PlaceWithCodeAsync(Shopper, shelf, code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var order = (await OrdersAsync()).Single();
        Assert.Equal(500, order.DiscountAmount);
        Assert.Equal(2000 + 599 - 500, order.TotalAmount);
        Assert.Equal(order.Id, (await CodeAsync(code)).RedeemedByOrderId);

        var second = await PlaceWithCodeAsync(Shopper, shelf, code);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("That discount code has already been used.", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(await OrdersAsync());
    }

    [Fact]
    public async Task APercentCode_DiscountsTheItems_AndNoCodeTakesTheTotalBelowZero()
    {
        var (shelf, _) = await MixedCatalogAsync();
        var percent = await IssueCodeAsync(DiscountKind.Percent, 25);
        var huge = await IssueCodeAsync(DiscountKind.Amount, 1_000_000);

        Assert.Equal(HttpStatusCode.Redirect, (await PlaceWithCodeAsync(Shopper, shelf, percent, quantity: 2)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PlaceWithCodeAsync(Shopper, shelf, huge)).StatusCode);

        var orders = await OrdersAsync();
        Assert.Equal(1000, orders[0].DiscountAmount);
        Assert.Equal(4000 + 599 - 1000, orders[0].TotalAmount);
        Assert.Equal(2000 + 599, orders[1].DiscountAmount);
        Assert.Equal(0, orders[1].TotalAmount);
    }

    [Theory]
    [InlineData("NOT-A-REAL-CODE", "That discount code isn&#x27;t valid.")]
    [InlineData("ABCD-EFGH-JKMN-PQRS", "That discount code isn&#x27;t valid.")]
    public async Task AnUnknownCode_IsRefusedAndNoOrderIsPlaced(string code, string message)
    {
        var (shelf, _) = await MixedCatalogAsync();

        var response = await PlaceWithCodeAsync(Shopper, shelf, code);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await OrdersAsync());
        Assert.Equal(0, (await StockAsync(shelf)).Allocated);
    }

    [Fact]
    public async Task ACodeIssuedToSomeoneElse_IsRefused()
    {
        var (shelf, _) = await MixedCatalogAsync();
        var code = await IssueCodeAsync(DiscountKind.Amount, 500, email: "someone.else@example.com");

        var response = await PlaceWithCodeAsync(Shopper, shelf, code);

        Assert.Contains("That discount code isn&#x27;t valid.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await OrdersAsync());
    }

    [Fact]
    public async Task AnExpiredCode_IsRefusedAndNoOrderIsPlaced()
    {
        var (shelf, _) = await MixedCatalogAsync();
        var code = await IssueCodeAsync(DiscountKind.Amount, 500, validDays: 7);
        Clock.Advance(TimeSpan.FromDays(7));

        var response = await PlaceWithCodeAsync(Shopper, shelf, code);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("That discount code has expired.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await OrdersAsync());
        Assert.Null((await CodeAsync(code)).RedeemedByOrderId);
    }

    [Fact]
    public async Task ADeclinedPayment_GivesTheCodeBack_AndTheNextOrderCanUseIt()
    {
        var (shelf, _) = await MixedCatalogAsync();
        var code = await IssueCodeAsync(DiscountKind.Amount, 500);

        var declined = await PlaceWithCodeAsync(Shopper, shelf, code);
        // Every card the order allows is declined; the last decline releases the hold and the code.
        var attempt = await Shopper.PayAsync(declined, DeclinedCard);
        while (attempt.StatusCode == HttpStatusCode.Redirect && attempt.Headers.Location!.ToString().StartsWith("/Checkout/Pay/", StringComparison.Ordinal))
        {
            Assert.NotNull((await CodeAsync(code)).RedeemedByOrderId);
            attempt = await Shopper.PostAsync(attempt.Headers.Location!.ToString(), [new("CardNumber", DeclinedCard)]);
        }
        Assert.Equal(OrderStatus.PaymentFailed, (await OrdersAsync()).Single().Status);
        Assert.Null((await CodeAsync(code)).RedeemedByOrderId);

        var again = await PlaceWithCodeAsync(Shopper, shelf, code);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        await Shopper.PayAsync(again, GoodCard);
        var paid = (await OrdersAsync()).Single(o => o.Status == OrderStatus.Paid);
        Assert.Equal(500, paid.DiscountAmount);
        Assert.Equal(paid.Id, (await CodeAsync(code)).RedeemedByOrderId);
    }

    [Fact]
    public async Task AnExpiredHold_GivesTheCodeBack()
    {
        var (shelf, _) = await MixedCatalogAsync();
        var code = await IssueCodeAsync(DiscountKind.Amount, 500);
        Assert.Equal(HttpStatusCode.Redirect, (await PlaceWithCodeAsync(Shopper, shelf, code)).StatusCode);

        Clock.Advance(TimeSpan.FromMinutes(31));
        await using (var scope = App.CreateScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<OrderHolds>().ReleaseExpiredAsync());
        }

        Assert.Null((await CodeAsync(code)).RedeemedByOrderId);
    }

    [Fact]
    public async Task TwoCheckoutsRacingForOneCode_OneWins_TheOtherIsToldItWasUsed()
    {
        var (shelf, _) = await MixedCatalogAsync();
        var code = await IssueCodeAsync(DiscountKind.Amount, 500);
        var sessions = Enumerable.Range(0, 6).Select(_ => new ShopperSession(App)).ToList();
        try
        {
            await Task.WhenAll(sessions.Select(s => s.TokenAsync()));
            using var start = new SemaphoreSlim(0);
            var racing = sessions.Select(async s =>
            {
                await start.WaitAsync();
                return await PlaceWithCodeAsync(s, shelf, code);
            }).ToList();
            start.Release(sessions.Count);
            var responses = await Task.WhenAll(racing);

            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Redirect);
            Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Redirect), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.OK))
            {
                Assert.Contains("That discount code has already been used.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            var order = Assert.Single(await OrdersAsync());
            Assert.Equal(order.Id, (await CodeAsync(code)).RedeemedByOrderId);
            Assert.Equal(1, (await StockAsync(shelf)).Allocated);
        }
        finally
        {
            sessions.ForEach(s => s.Dispose());
        }
    }

    private Task<Storefront.Core.Inventory.Stock> StockAsync(int productId) =>
        App.WithDbAsync(db => db.Stock.AsNoTracking().SingleAsync(s => s.ProductId == productId));
}
