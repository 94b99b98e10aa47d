using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Checkout;
using Storefront.Core.Identity;
using Storefront.Core.Orders;
using Storefront.Core.Payments;
using Storefront.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Storefront.Tests.Payments;

/// <summary>
/// "Stripe" with no retries of its own and the refund job running every 200 ms, first retry after a
/// second: one failed call is one failed attempt, and the job is what tries again.
/// </summary>
public sealed class StripeWithRefundJobHost() : StripeTestHost(new Dictionary<string, string?>
{
    ["Stripe:MaxNetworkRetries"] = "0",
    ["Payments:RefundRetryInterval"] = "00:00:00.200",
    ["Payments:RefundRetryBase"] = "00:00:01",
});

/// <summary>
/// A refund is Pending until the provider confirms it, and the store keeps trying under the same key.
/// The reproduction: a payment arrived after its hold expired; the refund call failed once; the store
/// recorded the refund as done and, since Stripe's redelivery of the webhook is deduplicated, never
/// sent it again.
/// </summary>
public sealed class RefundRetriesUntilConfirmed(StripeWithRefundJobHost host) : IClassFixture<StripeWithRefundJobHost>
{
    private const string RefundsPath = "/v1/refunds";

    private List<WireMock.IRequestMessage> RefundRequests(string key) =>
        host.StripeRequests(RefundsPath).Where(r => StripeTestHost.Header(r, "Idempotency-Key") == key).ToList();

    private void FailRefundOnce(string key)
    {
        host.Stripe.Given(Request.Create().WithPath(RefundsPath).UsingPost().WithHeader("Idempotency-Key", key))
            .AtPriority(1).InScenario("once-" + key).WillSetStateTo("failed")
            .RespondWith(Response.Create().WithStatusCode(500).WithHeader("Content-Type", "application/json")
                .WithBody("""{"error":{"type":"api_error","message":"An unknown error occurred"}}"""));
    }

    private Task<Refund> RefundAsync(string key) =>
        host.WithDbAsync(db => db.Refunds.AsNoTracking().SingleAsync(r => r.IdempotencyKey == key));

    private async Task<Refund> WaitForAsync(string key, RefundStatus status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var refund = await RefundAsync(key);
            if (refund.Status == status || DateTime.UtcNow > deadline)
            {
                return refund;
            }
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task APaymentArrivingAfterItsHoldExpiredWhoseRefundFailsOnceStaysPendingAndTheJobRefundsItUnderTheSameKey()
    {
        var product = await host.CreateProductAsync(priceAmount: 3000, onHand: 5);
        var order = await host.PlaceOrderAsync(product.Id, 1);
        await host.BeginPaymentAsync(order);
        await host.WithServiceAsync<OrderHolds, bool>(h => h.ReleaseAsync(order.Id, OrderStatus.Expired));
        var key = PaymentService.AttemptKeyFor(order) + "_late";
        FailRefundOnce(key);
        var completed = StripeTestHost.CheckoutEvent("evt_late_" + order.Number, "checkout.session.completed", order, "paid", "complete", "pi_test_late");

        var delivered = await host.DeliverAsync(completed);
        var afterFailure = await RefundAsync(key);
        var redelivered = await host.DeliverAsync(completed);

        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        Assert.Equal(RefundStatus.Pending, afterFailure.Status); // not "done": the provider never confirmed it
        Assert.Null(afterFailure.ProviderReference);
        Assert.Equal(1, afterFailure.Attempts);

        var refunded = await WaitForAsync(key, RefundStatus.Refunded);

        Assert.Equal(RefundStatus.Refunded, refunded.Status);
        Assert.StartsWith("re_test_", refunded.ProviderReference, StringComparison.Ordinal);
        Assert.Equal(order.TotalAmount, refunded.Amount);
        var sent = RefundRequests(key);
        Assert.Equal(2, sent.Count); // the failed call, then the job's retry; the redelivery sent nothing
        Assert.All(sent, r => Assert.Equal(order.TotalAmount.ToString(CultureInfo.InvariantCulture), StripeTestHost.Form(r)["amount"]));
        var payment = Assert.Single(await host.PaymentsAsync(order.Id));
        Assert.Equal((PaymentStatus.Succeeded, order.TotalAmount), (payment.Status, payment.RefundedAmount));
        Assert.Equal(OrderStatus.Expired, (await host.OrderAsync(order.Id)).Status);
    }

    [Fact]
    public async Task ACancelledBackorderWhoseRefundFailsOnceIsPendingThenTheJobRefundsItUnderTheSameKey()
    {
        var product = await host.CreateProductAsync(priceAmount: 2500, onHand: 1);
        var order = await host.PlaceOrderAsync(product.Id, 3);
        await host.BeginPaymentAsync(order);
        Assert.Equal(PaymentCompletion.Paid, await host.WithServiceAsync<PaymentService, PaymentCompletion>(p =>
            p.CompleteAsync(PaymentService.AttemptKeyFor(order), true, paymentIntentId: "pi_test_bo_job")));
        var backorder = (await host.OrderAsync(order.Id)).Lines.Single().Backorders.Single();
        var key = BackorderCancellation.RefundKeyFor(backorder.Id);
        FailRefundOnce(key);

        var result = await host.WithServiceAsync<BackorderCancellation, BackorderCancellationResult>(c => c.CancelAsync(order.Id, backorder.Id, null, "Customer"));

        Assert.Equal(CancellationOutcome.Cancelled, result.Outcome);
        Assert.True(result.RefundPending);
        Assert.Equal(RefundStatus.Pending, (await RefundAsync(key)).Status);

        var refunded = await WaitForAsync(key, RefundStatus.Refunded);

        Assert.Equal((RefundStatus.Refunded, 5000L), (refunded.Status, refunded.Amount)); // 2 backordered × $25; the unit in stock ships
        var sent = RefundRequests(key);
        Assert.Equal(2, sent.Count);
        Assert.All(sent, r => Assert.Equal("5000", StripeTestHost.Form(r)["amount"]));
        Assert.Equal(5000, Assert.Single(await host.PaymentsAsync(order.Id)).RefundedAmount);
    }

    [Fact]
    public async Task ARefundTheProviderRefusesIsFailedNotRetriedByTheJobAndStaffSeeAndRetryIt()
    {
        var product = await host.CreateProductAsync(priceAmount: 2000, onHand: 0);
        var order = await host.PlaceOrderAsync(product.Id, 1);
        await host.BeginPaymentAsync(order);
        Assert.Equal(PaymentCompletion.Paid, await host.WithServiceAsync<PaymentService, PaymentCompletion>(p =>
            p.CompleteAsync(PaymentService.AttemptKeyFor(order), true, paymentIntentId: "pi_test_refused_job")));
        var backorder = (await host.OrderAsync(order.Id)).Lines.Single().Backorders.Single();
        var key = BackorderCancellation.RefundKeyFor(backorder.Id);
        var refusal = Guid.NewGuid();
        host.Stripe.Given(Request.Create().WithPath(RefundsPath).UsingPost().WithHeader("Idempotency-Key", key)).WithGuid(refusal).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(400).WithHeader("Content-Type", "application/json")
                .WithBody("""{"error":{"type":"invalid_request_error","code":"charge_disputed","message":"This charge is disputed."}}"""));

        var result = await host.WithServiceAsync<BackorderCancellation, BackorderCancellationResult>(c => c.CancelAsync(order.Id, backorder.Id, null, "Customer"));
        await Task.Delay(1500); // longer than the first retry's wait: the job must leave a refused refund alone

        var failed = await RefundAsync(key);
        Assert.True(result.RefundPending);
        Assert.Equal((RefundStatus.Failed, 1, "This charge is disputed."), (failed.Status, failed.Attempts, failed.LastError));
        Assert.Single(RefundRequests(key));

        using var staff = new ShopperSession(host.App);
        await staff.SignInAsNewUserAsync(host.App, $"clerk-{Guid.NewGuid():N}@storefront.test", Roles.Staff);
        var list = WebUtility.HtmlDecode(await staff.Client.GetStringAsync("/Admin/Refunds"));
        var orderPage = WebUtility.HtmlDecode(await staff.Client.GetStringAsync("/Admin/Orders/Details/" + order.Number));
        Assert.Contains(order.Number, list, StringComparison.Ordinal);
        Assert.Contains("This charge is disputed.", list, StringComparison.Ordinal);
        Assert.Contains(">Failed<", orderPage, StringComparison.Ordinal);
        Assert.Contains(">Retry refund</button>", orderPage, StringComparison.Ordinal);
        Assert.Contains("href=\"/Admin/Refunds\"", list, StringComparison.Ordinal); // in the Admin menu

        host.Stripe.DeleteMapping(refusal);
        var retried = await staff.PostAsync($"/Admin/Refunds?handler=Retry&id={failed.Id}", []);

        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        var refunded = await RefundAsync(key);
        Assert.Equal(RefundStatus.Refunded, refunded.Status);
        Assert.Equal(2, RefundRequests(key).Count);
        Assert.All(RefundRequests(key), r => Assert.Equal("2599", StripeTestHost.Form(r)["amount"])); // nothing left to ship: the shipping too
        var after = WebUtility.HtmlDecode(await staff.Client.GetStringAsync("/Admin/Refunds"));
        Assert.DoesNotContain(order.Number, after, StringComparison.Ordinal);
    }
}
