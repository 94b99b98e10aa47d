using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Storefront.Core.Orders;
using Storefront.Core.Payments;

namespace Storefront.Tests.SelfService;

/// <summary>A refund the provider could not take is recorded; the order page offers a retry that reuses its key.</summary>
public sealed class RefundRetryOnTheOrderPage(StorefrontHost host) : SelfServiceTestBase(host)
{
    private readonly FlakyGateway _gateway = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.RemoveAll<IPaymentGateway>();
        services.AddSingleton<IPaymentGateway>(_gateway);
    }

    [Fact]
    public async Task AFailedRefundShowsRetryAndTheRetryUsesTheSameKeyAndAmount()
    {
        var waiting = await Data.Product("FLAKY-1").Priced(3000).OutOfStock().Backorderable().WithDelivery(Today.AddDays(10), 5).SaveAsync();
        var number = await PlaceAndPayAsync(Shopper, (waiting.Id, 2));
        var backorder = await BackorderAsync(number);
        _gateway.FailuresLeft = 1;

        var posted = await PostCancelAsync(Shopper, GuestUrl(number, $"/Cancel/{backorder.Id}"), 2);
        var page = WebUtility.HtmlDecode(await Shopper.Client.GetStringAsync(posted.Headers.Location!));

        Assert.Contains("Your refund of $65.99 is recorded", page, StringComparison.Ordinal);
        Assert.Contains("Retry refund", page, StringComparison.Ordinal);
        // The button itself, not only the message: the order has ended (Cancelled) but still owes the refund.
        Assert.Contains(">Retry refund</button>", page, StringComparison.Ordinal);
        Assert.Equal(OrderStatus.Cancelled, (await OrderAsync(number)).Status);
        Assert.DoesNotContain(">Cancel backorder<", page, StringComparison.Ordinal);
        var recorded = Assert.Single(await RefundsAsync(number));
        Assert.Null(recorded.ProviderReference);
        Assert.Equal((RefundStatus.Pending, 1), (recorded.Status, recorded.Attempts)); // owed, not "done"; the refund job would retry it too
        Assert.Equal(BackorderStatus.Cancelled, (await BackorderAsync(number)).Status);

        var retry = await Shopper.PostAsync(GuestUrl(number) + "&handler=RetryRefund", [new("backorderId", backorder.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        var after = WebUtility.HtmlDecode(await Shopper.Client.GetStringAsync(retry.Headers.Location!));

        Assert.Contains("Your refund of $65.99 is on its way", after, StringComparison.Ordinal);
        Assert.DoesNotContain("Retry refund", after, StringComparison.Ordinal);
        Assert.Equal(["cancel-bo-" + backorder.Id, "cancel-bo-" + backorder.Id], _gateway.Calls.Select(c => c.Key));
        Assert.All(_gateway.Calls, c => Assert.Equal(6599, c.Amount)); // 2 × $30.00 and the shipping: nothing is left to ship
        var refund = Assert.Single(await RefundsAsync(number));
        Assert.Equal(6599, refund.Amount);
        Assert.NotNull(refund.ProviderReference);
        Assert.Equal(6599, (await PaymentAsync(number)).RefundedAmount);
    }

    /// <summary>The test gateway, except that its next refunds fail as if the provider were down.</summary>
    private sealed class FlakyGateway : IPaymentGateway
    {
        private readonly TestPaymentGateway _inner = new();

        public int FailuresLeft { get; set; }

        public ConcurrentQueue<(string Key, long Amount)> Calls { get; } = new();

        public string Name => _inner.Name;

        public Task<PaymentSession> BeginAsync(Order order, Payment payment, PaymentReturnUrls urls, CancellationToken ct = default) =>
            _inner.BeginAsync(order, payment, urls, ct);

        public Task<RefundOutcome> RefundAsync(Payment payment, long amount, string idempotencyKey, CancellationToken ct = default)
        {
            Calls.Enqueue((idempotencyKey, amount));
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new PaymentUnavailableException("The provider could not be reached.");
            }
            return _inner.RefundAsync(payment, amount, idempotencyKey, ct);
        }
    }
}
