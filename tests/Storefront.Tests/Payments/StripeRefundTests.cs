using Microsoft.EntityFrameworkCore;
using Storefront.Core.Payments;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Storefront.Tests.Payments;

public sealed class StripeRefundTests(StripeTestHost host) : IClassFixture<StripeTestHost>
{
    private const string RefundsPath = "/v1/refunds";

    private async Task<Payment> PaidPaymentAsync(string paymentIntent)
    {
        var product = await host.CreateProductAsync(priceAmount: 4000, onHand: 3);
        var order = await host.PlaceOrderAsync(product.Id, 2);
        await host.BeginPaymentAsync(order);
        var completion = await host.WithServiceAsync<PaymentService, PaymentCompletion>(p =>
            p.CompleteAsync(PaymentService.AttemptKeyFor(order), true, paymentIntentId: paymentIntent));
        Assert.Equal(PaymentCompletion.Paid, completion);
        return Assert.Single(await host.PaymentsAsync(order.Id));
    }

    /// <summary>"Stripe" fails with a 500 for the first <paramref name="failures"/> requests carrying this key, then answers normally.</summary>
    private void FailRefundsFirst(string idempotencyKey, int failures)
    {
        var scenario = "refund-" + idempotencyKey;
        for (var i = 0; i < failures; i++)
        {
            var mapping = host.Stripe.Given(Request.Create().WithPath(RefundsPath).UsingPost().WithHeader("Idempotency-Key", idempotencyKey))
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

    private List<WireMock.IRequestMessage> RefundRequests(string key) =>
        host.StripeRequests(RefundsPath).Where(r => StripeTestHost.Header(r, "Idempotency-Key") == key).ToList();

    [Fact]
    public async Task ARefundRetriedAfterAServerErrorReusesTheIdempotencyKeyAndRefundsOnce()
    {
        var payment = await PaidPaymentAsync("pi_test_retry_once");
        var key = $"cancel_{payment.Id}_line1";
        FailRefundsFirst(key, failures: 1);

        var outcome = await host.WithServiceAsync<PaymentService, RefundOutcome>(p => p.RefundAsync(payment, 4000, "Backorder cancelled", key));

        Assert.True(outcome.Succeeded, outcome.Error);
        var sent = RefundRequests(key);
        Assert.Equal(2, sent.Count); // the 500, then Stripe.net's own retry
        Assert.All(sent, r => Assert.Equal("4000", StripeTestHost.Form(r)["amount"]));
        Assert.All(sent, r => Assert.Equal("pi_test_retry_once", StripeTestHost.Form(r)["payment_intent"]));
        await AssertRefundedOnceAsync(payment, 4000, key, outcome.ProviderReference);
    }

    [Fact]
    public async Task ARefundThatStillFailsAfterRetriesSurfacesAndALaterRetryUsesTheSameKeyAndRefundsOnce()
    {
        var payment = await PaidPaymentAsync("pi_test_retry_later");
        var key = $"cancel_{payment.Id}_line2";
        FailRefundsFirst(key, failures: 2); // more than Stripe.net's one retry in these tests

        await Assert.ThrowsAsync<PaymentUnavailableException>(() =>
            host.WithServiceAsync<PaymentService, RefundOutcome>(p => p.RefundAsync(payment, 2500, "Backorder cancelled", key)));
        var again = await host.WithServiceAsync<PaymentService, RefundOutcome>(p => p.RefundAsync(payment, 2500, "Backorder cancelled", key));
        var thrice = await host.WithServiceAsync<PaymentService, RefundOutcome>(p => p.RefundAsync(payment, 2500, "Backorder cancelled", key));

        Assert.True(again.Succeeded, again.Error);
        Assert.True(thrice.Succeeded, thrice.Error);
        Assert.Equal(again.ProviderReference, thrice.ProviderReference);
        Assert.Equal(3, RefundRequests(key).Count); // 500, 500 (retry), then 200; the third call needed no request
        await AssertRefundedOnceAsync(payment, 2500, key, again.ProviderReference);
    }

    [Fact]
    public async Task ARefundStripeRefusesIsReportedNotThrown()
    {
        var payment = await PaidPaymentAsync("pi_test_refused");
        var key = $"cancel_{payment.Id}_refused";
        host.Stripe.Given(Request.Create().WithPath(RefundsPath).UsingPost().WithHeader("Idempotency-Key", key)).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(400).WithHeader("Content-Type", "application/json")
                .WithBody("""{"error":{"type":"invalid_request_error","code":"charge_already_refunded","message":"Charge has already been refunded."}}"""));

        var outcome = await host.WithServiceAsync<PaymentService, RefundOutcome>(p => p.RefundAsync(payment, 1000, "Backorder cancelled", key));

        Assert.False(outcome.Succeeded);
        Assert.Equal("Charge has already been refunded.", outcome.Error);
        Assert.Single(RefundRequests(key)); // a 400 is final: no retry
    }

    private async Task AssertRefundedOnceAsync(Payment payment, long amount, string key, string? providerReference)
    {
        var refunds = await host.WithDbAsync(db => db.Refunds.AsNoTracking().Where(r => r.PaymentId == payment.Id).ToListAsync());
        var refund = Assert.Single(refunds);
        Assert.Equal(amount, refund.Amount);
        Assert.Equal(key, refund.IdempotencyKey);
        Assert.Equal(providerReference, refund.ProviderReference);
        Assert.StartsWith("re_test_", refund.ProviderReference, StringComparison.Ordinal);
        var after = Assert.Single(await host.PaymentsAsync(payment.OrderId));
        Assert.Equal(amount, after.RefundedAmount);
    }
}
