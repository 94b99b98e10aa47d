using Microsoft.EntityFrameworkCore;
using Storefront.Core.Orders;
using Storefront.Core.Payments;
using Storefront.Tests.Payments;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Storefront.Tests.SelfService;

/// <summary>Cancelling a backorder paid through Stripe (a WireMock fake): one partial refund per cancellation, under its own key.</summary>
public sealed class CancelBackorderOnStripe(StripeTestHost host) : IClassFixture<StripeTestHost>
{
    private const string RefundsPath = "/v1/refunds";

    private async Task<(Order Order, BackorderLine Backorder)> PaidBackorderAsync(string paymentIntent)
    {
        var product = await host.CreateProductAsync(priceAmount: 2500, onHand: 1);
        var order = await host.PlaceOrderAsync(product.Id, 4);
        await host.BeginPaymentAsync(order);
        Assert.Equal(PaymentCompletion.Paid, await host.WithServiceAsync<PaymentService, PaymentCompletion>(p =>
            p.CompleteAsync(PaymentService.AttemptKeyFor(order), true, paymentIntentId: paymentIntent)));
        var placed = await host.OrderAsync(order.Id);
        return (placed, placed.Lines.Single().Backorders.Single());
    }

    private Task<BackorderCancellationResult> CancelAsync(Order order, BackorderLine backorder) =>
        host.WithServiceAsync<BackorderCancellation, BackorderCancellationResult>(c => c.CancelAsync(order.Id, backorder.Id, null, "test"));

    private List<WireMock.IRequestMessage> RefundRequests(string key) =>
        host.StripeRequests(RefundsPath).Where(r => StripeTestHost.Header(r, "Idempotency-Key") == key).ToList();

    private void FailRefundsFirst(string key, int failures)
    {
        var scenario = "cancel-" + key;
        for (var i = 0; i < failures; i++)
        {
            var mapping = host.Stripe.Given(Request.Create().WithPath(RefundsPath).UsingPost().WithHeader("Idempotency-Key", key))
                .AtPriority(1).InScenario(scenario);
            if (i > 0)
            {
                mapping = mapping.WhenStateIs("failed-" + i);
            }
            mapping.WillSetStateTo("failed-" + (i + 1)).RespondWith(Response.Create().WithStatusCode(500)
                .WithHeader("Content-Type", "application/json")
                .WithBody("""{"error":{"type":"api_error","message":"An unknown error occurred"}}"""));
        }
    }

    private Task<List<Refund>> RefundsAsync(int orderId) => host.WithDbAsync(db => db.Refunds.AsNoTracking().Where(r => r.OrderId == orderId).ToListAsync());

    [Fact]
    public async Task CancellingSendsOnePartialRefundOfTheOpenUnitsWithTheCancellationKey()
    {
        var (order, backorder) = await PaidBackorderAsync("pi_test_cancel_ok");
        var key = "cancel-bo-" + backorder.Id;

        var result = await CancelAsync(order, backorder);

        Assert.Equal(CancellationOutcome.Cancelled, result.Outcome);
        Assert.True(result.Refund!.Confirmed, result.Refund.Error);
        var sent = Assert.Single(RefundRequests(key));
        Assert.Equal("7500", StripeTestHost.Form(sent)["amount"]); // 3 backordered × $25.00; the shipped-now unit is not refunded
        Assert.Equal("pi_test_cancel_ok", StripeTestHost.Form(sent)["payment_intent"]);
        var refund = Assert.Single(await RefundsAsync(order.Id));
        Assert.Equal((7500L, key), (refund.Amount, refund.IdempotencyKey));
        Assert.StartsWith("re_test_", refund.ProviderReference, StringComparison.Ordinal);
        Assert.Equal(7500, Assert.Single(await host.PaymentsAsync(order.Id)).RefundedAmount);
        var line = (await host.OrderAsync(order.Id)).Lines.Single();
        Assert.Equal((4, 1, 0, 3), (line.Quantity, line.AllocatedQuantity, line.BackorderedQuantity, line.CancelledQuantity));
        Assert.Equal(0, (await host.StockAsync(line.ProductId)).Backordered);
    }

    [Fact]
    public async Task AStripe500Then200IsRetriedWithTheSameKeyAndRefundsOnce()
    {
        var (order, backorder) = await PaidBackorderAsync("pi_test_cancel_retry");
        var key = "cancel-bo-" + backorder.Id;
        FailRefundsFirst(key, failures: 1);

        var result = await CancelAsync(order, backorder);

        Assert.True(result.Refund!.Confirmed, result.Refund.Error);
        var sent = RefundRequests(key);
        Assert.Equal(2, sent.Count); // the 500, then the retry with the same key
        Assert.All(sent, r => Assert.Equal("7500", StripeTestHost.Form(r)["amount"]));
        Assert.Equal(7500, Assert.Single(await RefundsAsync(order.Id)).Amount);
    }

    [Fact]
    public async Task WhenStripeStaysDownTheCancellationStandsAndALaterRetryReusesTheKeyAndRefundsOnce()
    {
        var (order, backorder) = await PaidBackorderAsync("pi_test_cancel_down");
        var key = "cancel-bo-" + backorder.Id;
        FailRefundsFirst(key, failures: 2); // more than Stripe.net's one retry in these tests

        var first = await CancelAsync(order, backorder);

        Assert.Equal(CancellationOutcome.Cancelled, first.Outcome);
        Assert.True(first.RefundPending);
        var pending = Assert.Single(await RefundsAsync(order.Id));
        Assert.Null(pending.ProviderReference);
        // A second click on "Cancel" does not call Stripe again nor cancel twice.
        var again = await CancelAsync(order, backorder);
        Assert.Equal(CancellationOutcome.AlreadyCancelled, again.Outcome);
        Assert.Equal(2, RefundRequests(key).Count);

        var retried = await host.WithServiceAsync<BackorderCancellation, CancellationRefund?>(c => c.RefundAsync(order.Id, backorder.Id));
        var retriedAgain = await host.WithServiceAsync<BackorderCancellation, CancellationRefund?>(c => c.RefundAsync(order.Id, backorder.Id));

        Assert.True(retried!.Confirmed, retried.Error);
        Assert.True(retriedAgain!.Confirmed);
        var sent = RefundRequests(key);
        Assert.Equal(3, sent.Count); // 500, 500, 200; the last call needed no request
        Assert.All(sent, r => Assert.Equal("7500", StripeTestHost.Form(r)["amount"]));
        var refund = Assert.Single(await RefundsAsync(order.Id));
        Assert.NotNull(refund.ProviderReference);
        Assert.Equal(7500, Assert.Single(await host.PaymentsAsync(order.Id)).RefundedAmount);
    }

    [Fact]
    public async Task TwoConcurrentCancelsSendStripeOneRefund()
    {
        var (order, backorder) = await PaidBackorderAsync("pi_test_cancel_race");
        var key = "cancel-bo-" + backorder.Id;

        var results = await Task.WhenAll(CancelAsync(order, backorder), CancelAsync(order, backorder), CancelAsync(order, backorder));

        Assert.Equal(1, results.Count(r => r.Outcome == CancellationOutcome.Cancelled));
        Assert.Single(RefundRequests(key));
        Assert.Equal(7500, Assert.Single(await RefundsAsync(order.Id)).Amount);
        Assert.Equal(7500, Assert.Single(await host.PaymentsAsync(order.Id)).RefundedAmount);
    }
}
