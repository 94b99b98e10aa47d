using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Orders;
using Storefront.Core.Payments;

namespace Storefront.Tests.Payments;

public sealed class StripeWebhookTests(StripeTestHost host) : IClassFixture<StripeTestHost>
{
    private static string EventId() => "evt_test_" + Guid.NewGuid().ToString("N")[..20];

    private async Task<(Order Order, int ProductId)> PendingOrderAsync(int onHand, int quantity)
    {
        var product = await host.CreateProductAsync(priceAmount: 1200, onHand: onHand);
        var order = await host.PlaceOrderAsync(product.Id, quantity);
        Assert.NotNull(await host.BeginPaymentAsync(order));
        return (order, product.Id);
    }

    private Task<int> ProcessedCountAsync(params string[] ids) =>
        host.WithDbAsync(db => db.ProcessedWebhookEvents.CountAsync(e => ids.Contains(e.Id)));

    private async Task DeliverOkAsync(string payload)
    {
        using var response = await host.DeliverAsync(payload);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task EachEventDeliveredThreeTimesAndOutOfOrderFulfilsEachOrderExactlyOnce()
    {
        var (a, productA) = await PendingOrderAsync(onHand: 1, quantity: 2); // one ships now, one backordered
        var (b, _) = await PendingOrderAsync(onHand: 5, quantity: 1);
        var aCompleted = StripeTestHost.CheckoutEvent(EventId(), "checkout.session.completed", a, "paid", "complete", "pi_test_a");
        var aExpiredLate = StripeTestHost.CheckoutEvent(EventId(), "checkout.session.expired", a, "unpaid", "expired");
        // B pays by bank debit: "completed" while unpaid, then the async success; delivered the other way round.
        var bCompletedUnpaid = StripeTestHost.CheckoutEvent(EventId(), "checkout.session.completed", b, "unpaid", "complete", "pi_test_b");
        var bSucceeded = StripeTestHost.CheckoutEvent(EventId(), "checkout.session.async_payment_succeeded", b, "paid", "complete", "pi_test_b");

        await DeliverOkAsync(aCompleted);
        var paidAt = (await host.OrderAsync(a.Id)).PaidAt;
        await DeliverOkAsync(bSucceeded);
        await DeliverOkAsync(aExpiredLate);
        await Task.WhenAll(DeliverOkAsync(aCompleted), DeliverOkAsync(aCompleted), DeliverOkAsync(bCompletedUnpaid));
        await DeliverOkAsync(bSucceeded);
        await DeliverOkAsync(aExpiredLate);
        await DeliverOkAsync(bCompletedUnpaid);
        await DeliverOkAsync(aExpiredLate);
        await DeliverOkAsync(bSucceeded);
        await DeliverOkAsync(bCompletedUnpaid);

        var orderA = await host.OrderAsync(a.Id);
        Assert.Equal(OrderStatus.Paid, orderA.Status);
        Assert.Equal(paidAt, orderA.PaidAt); // confirmed once, never again
        var line = Assert.Single(orderA.Lines);
        Assert.Equal((1, 1), (line.AllocatedQuantity, line.BackorderedQuantity)); // the late "expired" released nothing
        var stockA = await host.StockAsync(productA);
        Assert.Equal((1, 1), (stockA.Allocated, stockA.Backordered));
        Assert.Equal(OrderStatus.Paid, (await host.OrderAsync(b.Id)).Status);

        var paymentA = Assert.Single(await host.PaymentsAsync(a.Id));
        Assert.Equal(PaymentStatus.Succeeded, paymentA.Status);
        Assert.Equal("pi_test_a", paymentA.PaymentIntentId);
        var paymentB = Assert.Single(await host.PaymentsAsync(b.Id));
        Assert.Equal(PaymentStatus.Succeeded, paymentB.Status);
        Assert.Equal("pi_test_b", paymentB.PaymentIntentId);
        Assert.Equal(0, await host.WithDbAsync(db => db.Refunds.CountAsync(r => r.OrderId == a.Id || r.OrderId == b.Id)));

        var ids = new[] { aCompleted, aExpiredLate, bCompletedUnpaid, bSucceeded }
            .Select(p => System.Text.Json.JsonDocument.Parse(p).RootElement.GetProperty("id").GetString()!).ToArray();
        foreach (var id in ids)
        {
            Assert.Equal(1, await ProcessedCountAsync(id));
        }
    }

    public enum Tampering
    {
        ForgedSignature,
        AlteredBody,
        StaleTimestamp,
        MissingHeader,
        WrongSecret,
    }

    [Theory]
    [InlineData(Tampering.ForgedSignature)]
    [InlineData(Tampering.AlteredBody)]
    [InlineData(Tampering.StaleTimestamp)]
    [InlineData(Tampering.MissingHeader)]
    [InlineData(Tampering.WrongSecret)]
    public async Task AWebhookThatFailsVerificationIsRejectedWith400AndChangesNothing(Tampering tampering)
    {
        var (order, productId) = await PendingOrderAsync(onHand: 3, quantity: 1);
        var eventId = EventId();
        var payload = StripeTestHost.CheckoutEvent(eventId, "checkout.session.completed", order, "paid", "complete", "pi_test_forged");
        var now = StripeTestHost.Now;
        var (body, signature) = tampering switch
        {
            Tampering.ForgedSignature => (payload, $"t={now},v1={new string('a', 64)}"),
            Tampering.AlteredBody => (payload.Replace("\"paid\"", "\"paid\" ", StringComparison.Ordinal), StripeTestHost.Sign(payload, now)),
            Tampering.StaleTimestamp => (payload, StripeTestHost.Sign(payload, now - 301)),
            Tampering.MissingHeader => (payload, null),
            Tampering.WrongSecret => (payload, StripeTestHost.Sign(payload, now, "whsec_someone_else")),
            _ => throw new ArgumentOutOfRangeException(nameof(tampering)),
        };

        using var response = await host.PostWebhookAsync(body, signature);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(OrderStatus.PendingPayment, (await host.OrderAsync(order.Id)).Status);
        Assert.Equal(PaymentStatus.Pending, Assert.Single(await host.PaymentsAsync(order.Id)).Status);
        Assert.Equal(1, (await host.StockAsync(productId)).Allocated);
        Assert.Equal(0, await ProcessedCountAsync(eventId));
    }

    [Fact]
    public async Task GarbageWithAValidSignatureIsA400NotA500()
    {
        const string payload = "{not json";
        using var response = await host.PostWebhookAsync(payload, StripeTestHost.Sign(payload, StripeTestHost.Now));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AnExpiredSessionExpiresTheOrderAndReleasesItsStockAndBackorder()
    {
        var (order, productId) = await PendingOrderAsync(onHand: 2, quantity: 3);
        var before = await host.StockAsync(productId);
        Assert.Equal((2, 1), (before.Allocated, before.Backordered));

        await DeliverOkAsync(StripeTestHost.CheckoutEvent(EventId(), "checkout.session.expired", order, "unpaid", "expired"));

        var expired = await host.OrderAsync(order.Id);
        Assert.Equal(OrderStatus.Expired, expired.Status);
        var line = Assert.Single(expired.Lines);
        Assert.Equal((0, 0, 3), (line.AllocatedQuantity, line.BackorderedQuantity, line.CancelledQuantity));
        Assert.All(line.Backorders, bo => Assert.Equal(BackorderStatus.Cancelled, bo.Status));
        var stock = await host.StockAsync(productId);
        Assert.Equal((2, 0, 0), (stock.OnHand, stock.Allocated, stock.Backordered));
        var payment = Assert.Single(await host.PaymentsAsync(order.Id));
        Assert.Equal(PaymentStatus.Failed, payment.Status);
    }

    [Fact]
    public async Task AnAsyncPaymentFailureFailsTheOrderAndReleasesItsStock()
    {
        var (order, productId) = await PendingOrderAsync(onHand: 1, quantity: 2);

        await DeliverOkAsync(StripeTestHost.CheckoutEvent(EventId(), "checkout.session.completed", order, "unpaid", "complete", "pi_test_debit"));
        Assert.Equal(OrderStatus.PendingPayment, (await host.OrderAsync(order.Id)).Status); // waiting for the bank
        await DeliverOkAsync(StripeTestHost.CheckoutEvent(EventId(), "checkout.session.async_payment_failed", order, "unpaid", "complete", "pi_test_debit"));

        Assert.Equal(OrderStatus.PaymentFailed, (await host.OrderAsync(order.Id)).Status);
        var stock = await host.StockAsync(productId);
        Assert.Equal((0, 0), (stock.Allocated, stock.Backordered));
        var payment = Assert.Single(await host.PaymentsAsync(order.Id));
        Assert.Equal(PaymentStatus.Failed, payment.Status);
        Assert.Equal("The payment was declined.", payment.FailureMessage);
    }

    [Fact]
    public async Task UnknownEventTypesAndForeignSessionsAreAcknowledgedAndIgnored()
    {
        var (order, _) = await PendingOrderAsync(onHand: 1, quantity: 1);
        var unknownId = EventId();
        var unknown = StripeTestHost.CheckoutEvent(unknownId, "customer.created", order, "paid", "complete")
            .Replace("\"checkout.session\"", "\"customer\"", StringComparison.Ordinal);
        var foreignId = EventId();
        var foreign = StripeTestHost.CheckoutEvent(foreignId, "checkout.session.completed", order, "paid", "complete", "pi_x")
            .Replace("\"attempt_key\"", "\"someone_elses_key\"", StringComparison.Ordinal);

        await DeliverOkAsync(unknown);
        await DeliverOkAsync(foreign);

        Assert.Equal(OrderStatus.PendingPayment, (await host.OrderAsync(order.Id)).Status);
        Assert.Equal(0, await ProcessedCountAsync(unknownId, foreignId));
    }
}

public sealed class StripeWebhookWithoutStripeTests(StripeTestHost host) : IClassFixture<StripeTestHost>
{
    [Fact]
    public async Task TheWebhookAnswers404AndTheTestGatewayIsUsedWhenStripeIsNotConfigured()
    {
        await using var unconfigured = host.App.WithWebHostBuilder(b => b.UseSetting("Stripe:WebhookSecret", ""));
        using var client = unconfigured.CreateClient();
        const string payload = """{"id":"evt_x","object":"event","type":"checkout.session.completed","data":{"object":{}}}""";
        using var content = new StringContent(payload, System.Text.Encoding.UTF8, "application/json");
        content.Headers.Add("Stripe-Signature", StripeTestHost.Sign(payload, StripeTestHost.Now));

        using var response = await client.PostAsync(Storefront.Web.Payments.StripeWebhook.Path, content);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await using var scope = unconfigured.Services.CreateAsyncScope();
        Assert.IsType<TestPaymentGateway>(scope.ServiceProvider.GetRequiredService<IPaymentGateway>());
    }
}
