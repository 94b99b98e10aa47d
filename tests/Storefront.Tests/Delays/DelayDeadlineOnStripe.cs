using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Checkout;
using Storefront.Core.Orders;
using Storefront.Core.Orders.Delays;
using Storefront.Core.Payments;
using Storefront.Tests.Infrastructure;
using Storefront.Tests.Payments;
using WireMock.Server;

namespace Storefront.Tests.Delays;

/// <summary>The Stripe fake (WireMock) for one test class; it lives as long as the class's app.</summary>
public sealed class StripeFake : IDisposable
{
    public WireMockServer Server { get; } = StripeTestHost.StartFake();

    public void Dispose()
    {
        Server.Stop();
        Server.Dispose();
    }
}

/// <summary>
/// The consent deadline on orders paid through Stripe (the WireMock fake): when nobody answers, the
/// sweep cancels the backordered line and Stripe receives exactly one refund, even with workers racing.
/// </summary>
public abstract class DelayDeadlineOnStripe(StorefrontHost host, StripeFake stripe) : DelayConsentTestBase(host)
{
    private const string RefundsPath = "/v1/refunds";

    // Each test starts from a fresh database, so line ids (and the refund keys made from them) repeat
    // from test to test: each test counts only the requests it caused.
    private void ForgetEarlierRequests() => stripe.Server.ResetLogEntries();

    protected StorefrontOptions WithStripe(StorefrontOptions options) => options with { Settings = StripeTestHost.SettingsFor(stripe.Server) };

    private async Task<string> PlaceAndPayOnStripeAsync(string paymentIntent)
    {
        await using var scope = App.CreateScope();
        var services = scope.ServiceProvider;
        var placed = await services.GetRequiredService<OrderPlacement>().PlaceAsync(new PlaceOrderRequest(
            CheckoutKey: Guid.NewGuid().ToString("N"),
            Email: $"shopper-{Guid.NewGuid():N}@example.test",
            UserId: null,
            Address: new ShippingAddress("Ada Shopper", "1 Main St", null, "Springfield", "12345", "US"),
            Lines: [new OrderLineRequest(Desk.Id, 1)],
            BackorderTermsAccepted: true));
        Assert.True(placed.Outcome == PlaceOrderOutcome.Placed, string.Join("; ", placed.Errors));
        var order = placed.Order!;
        var payments = services.GetRequiredService<PaymentService>();
        Assert.NotNull(await payments.BeginAsync(order.Id, StripeTestHost.ReturnUrls(order)));
        Assert.Equal(PaymentCompletion.Paid, await payments.CompleteAsync(PaymentService.AttemptKeyFor(order), true, paymentIntentId: paymentIntent));
        return order.Number;
    }

    private List<WireMock.IRequestMessage> RefundRequests(string key) =>
        stripe.Server.LogEntries.Select(e => e.RequestMessage)
            .Where(r => r.Path == RefundsPath && StripeTestHost.Header(r, "Idempotency-Key") == key).ToList();

    private async Task AssertCancelledAndRefundedOnceAsync(string number, string paymentIntent)
    {
        var line = await LineAsync(number);
        Assert.Equal((BackorderStatus.Cancelled, ConsentState.Expired), (line.Status, line.Consent));
        Assert.Single(line.Events, e => e.Kind == BackorderEventKind.ConsentExpired);
        var refund = Assert.Single(await RefundsAsync(number));
        Assert.StartsWith("re_test_", refund.ProviderReference, StringComparison.Ordinal);
        var sent = Assert.Single(RefundRequests(refund.IdempotencyKey));
        Assert.Equal(refund.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture), StripeTestHost.Form(sent)["amount"]);
        Assert.Equal(paymentIntent, StripeTestHost.Form(sent)["payment_intent"]);
        Assert.Single(await MailAsync(number, "BackorderCancelled"));
    }

    [Fact]
    public async Task NoAnswerByTheDeadlineCancelsTheBackorderAndStripeReceivesOneRefund()
    {
        ForgetEarlierRequests();
        var intent = "pi_test_deadline_" + Guid.NewGuid().ToString("N")[..8];
        var number = await PlaceAndPayOnStripeAsync(intent);
        await RescheduleAsync(Today.AddDays(50));
        Assert.Equal(ConsentState.Required, (await LineAsync(number)).Consent);
        var before = stripe.Server.LogEntries.Count(e => e.RequestMessage.Path == RefundsPath);

        Clock.Advance(TimeSpan.FromDays(6));
        Assert.Equal(1, await SweepAsync()); // the reminder, no refund yet
        Assert.Equal(before, stripe.Server.LogEntries.Count(e => e.RequestMessage.Path == RefundsPath));
        Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await SweepAsync());
        Assert.Equal(0, await SweepAsync());

        await AssertCancelledAndRefundedOnceAsync(number, intent);
        Assert.Equal(4599, Assert.Single(await RefundsAsync(number)).Amount); // $40.00 and the $5.99 shipping: nothing is left to ship
        Assert.Equal(before + 1, stripe.Server.LogEntries.Count(e => e.RequestMessage.Path == RefundsPath));
        await App.WithDbAsync(async db => Assert.Equal(0, (await db.Stock.AsNoTracking().SingleAsync(s => s.ProductId == Desk.Id)).Backordered));
    }

    [Fact]
    public async Task TwoWorkersOnTheSameDeadlineSendStripeExactlyOneRefundPerLine()
    {
        ForgetEarlierRequests();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var first = await PlaceAndPayOnStripeAsync("pi_test_race_a_" + suffix);
        var second = await PlaceAndPayOnStripeAsync("pi_test_race_b_" + suffix);
        await RescheduleAsync(Today.AddDays(50));
        Clock.Advance(TimeSpan.FromDays(8));
        var before = stripe.Server.LogEntries.Count(e => e.RequestMessage.Path == RefundsPath);

        var handled = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(SweepAsync)));

        Assert.Equal(2, handled.Sum());
        await AssertCancelledAndRefundedOnceAsync(first, "pi_test_race_a_" + suffix);
        await AssertCancelledAndRefundedOnceAsync(second, "pi_test_race_b_" + suffix);
        Assert.Equal(before + 2, stripe.Server.LogEntries.Count(e => e.RequestMessage.Path == RefundsPath));
        await App.WithDbAsync(async db =>
        {
            var paid = await db.Payments.AsNoTracking().Where(p => p.Status == PaymentStatus.Succeeded).ToListAsync();
            Assert.Equal(2, paid.Count);
            Assert.All(paid, p => Assert.Equal(p.Amount, p.RefundedAmount));
        });
    }
}

/// <summary>The Stripe deadline on SQLite.</summary>
public sealed class DelayDeadlineOnStripeOnSqlite(StorefrontHost host, StripeFake stripe)
    : DelayDeadlineOnStripe(host, stripe), IClassFixture<StorefrontHost>, IClassFixture<StripeFake>
{
    protected override Task<StorefrontOptions> OptionsAsync() => Task.FromResult(WithStripe(new StorefrontOptions()));
}

/// <summary>The Stripe deadline on a real PostgreSQL server, where the racing workers really overlap.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DelayDeadlineOnStripeOnPostgres(PostgresServer postgres, StorefrontHost host, StripeFake stripe)
    : DelayDeadlineOnStripe(host, stripe), IClassFixture<StorefrontHost>, IClassFixture<StripeFake>
{
    protected override async Task<StorefrontOptions> OptionsAsync() =>
        WithStripe(new StorefrontOptions { PostgresConnectionString = await postgres.CreateDatabaseAsync() });
}
