using System.Globalization;
using Storefront.Core.Orders;
using Storefront.Core.Payments;

namespace Storefront.Tests.Payments;

public sealed class StripeCheckoutSessionTests(StripeTestHost host) : IClassFixture<StripeTestHost>
{
    private const string SessionsPath = "/v1/checkout/sessions";

    [Fact]
    public async Task OneCheckoutSessionPerOrderAttemptSentWithTheAttemptKeyAsIdempotencyKey()
    {
        var product = await host.CreateProductAsync(priceAmount: 2500, onHand: 5);
        var order = await host.PlaceOrderAsync(product.Id, 1);
        var attemptKey = PaymentService.AttemptKeyFor(order);

        var first = await host.BeginPaymentAsync(order);
        var second = await host.BeginPaymentAsync(order); // a double click, or the shopper coming back

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Equal(first.ProviderReference, second.ProviderReference);
        Assert.Equal($"https://checkout.stripe.com/c/pay/{StripeTestHost.SessionIdFor(attemptKey)}", first.RedirectUrl);
        var sent = host.StripeRequests(SessionsPath).Where(r => StripeTestHost.Form(r)["metadata[order_id]"] == order.Id.ToString(CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(2, sent.Count);
        Assert.All(sent, r => Assert.Equal(attemptKey, StripeTestHost.Header(r, "Idempotency-Key")));
        // Identical parameters both times: Stripe rejects a reused key whose parameters changed.
        Assert.Equal(sent[0].Body, sent[1].Body);

        var payment = Assert.Single(await host.PaymentsAsync(order.Id));
        Assert.Equal(attemptKey, payment.AttemptKey);
        Assert.Equal("Stripe", payment.Provider);
        Assert.Equal(first.ProviderReference, payment.ProviderReference);
        Assert.Equal(PaymentStatus.Pending, payment.Status);
    }

    [Fact]
    public async Task SessionLineItemsArePricedFromTheDatabaseIncludingBackorderedUnitsAndShipping()
    {
        var product = await host.CreateProductAsync(priceAmount: 1999, onHand: 2);
        // The request carries only a product id and a quantity: there is no price a form could tamper with.
        var order = await host.PlaceOrderAsync(product.Id, 3, email: "ada@example.test");

        await host.BeginPaymentAsync(order);

        var form = StripeTestHost.Form(host.StripeRequests(SessionsPath)
            .Single(r => StripeTestHost.Header(r, "Idempotency-Key") == PaymentService.AttemptKeyFor(order)));
        Assert.Equal("payment", form["mode"]);
        Assert.Equal("1999", form["line_items[0][price_data][unit_amount]"]);
        Assert.Equal("3", form["line_items[0][quantity]"]); // two ship now, one backordered: all charged up front
        Assert.Equal("usd", form["line_items[0][price_data][currency]"]);
        Assert.Equal(product.Name, form["line_items[0][price_data][product_data][name]"]);
        Assert.Contains("1 backordered", form["line_items[0][price_data][product_data][description]"].ToString(), StringComparison.Ordinal);
        Assert.Equal("Shipping", form["line_items[1][price_data][product_data][name]"]);
        Assert.Equal(order.ShippingAmount.ToString(CultureInfo.InvariantCulture), form["line_items[1][price_data][unit_amount]"]);
        Assert.False(form.ContainsKey("line_items[2][quantity]"));
        Assert.Equal(3 * 1999 + order.ShippingAmount, order.TotalAmount);

        Assert.Equal("ada@example.test", form["customer_email"]);
        Assert.Equal(order.Number, form["client_reference_id"]);
        Assert.Equal(order.Number, form["metadata[order_number]"]);
        Assert.Equal(PaymentService.AttemptKeyFor(order), form["metadata[attempt_key]"]);
        Assert.StartsWith("http://127.0.0.1/Checkout/Confirmation/", form["success_url"].ToString(), StringComparison.Ordinal);
        Assert.StartsWith("http://127.0.0.1/Checkout/Pay/", form["cancel_url"].ToString(), StringComparison.Ordinal);

        // The session ends with the hold, which Stripe's 30-minute minimum keeps at 30 minutes or more.
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(form["expires_at"]!, CultureInfo.InvariantCulture));
        Assert.Equal(new DateTimeOffset(DateTime.SpecifyKind(order.HoldExpiresAt!.Value, DateTimeKind.Utc)).ToUnixTimeSeconds(), expiresAt.ToUnixTimeSeconds());
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(30), TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task ACardDeclinedAtSessionCreationSurfacesAMessageAndReleasesTheOrder()
    {
        var product = await host.CreateProductAsync(priceAmount: 1500, onHand: 1);
        var order = await host.PlaceOrderAsync(product.Id, 2, email: $"{StripeTestHost.DeclinedEmailMarker}-{Guid.NewGuid():N}@example.test");
        Assert.Equal(1, (await host.StockAsync(product.Id)).Allocated);
        Assert.Equal(1, (await host.StockAsync(product.Id)).Backordered);

        var error = await Assert.ThrowsAsync<PaymentDeclinedException>(() => host.BeginPaymentAsync(order));

        Assert.Contains("declined", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Nothing has been charged", error.Message, StringComparison.Ordinal);
        Assert.Equal(OrderStatus.PaymentFailed, (await host.OrderAsync(order.Id)).Status);
        var stock = await host.StockAsync(product.Id);
        Assert.Equal(0, stock.Allocated);
        Assert.Equal(0, stock.Backordered);
        var payment = Assert.Single(await host.PaymentsAsync(order.Id));
        Assert.Equal(PaymentStatus.Failed, payment.Status);
        // A second try does not call Stripe again: the attempt is over.
        Assert.Null(await host.BeginPaymentAsync(order));
    }

    [Fact]
    public void ADiscountedOrderIsChargedItsExactTotalAsOneLine()
    {
        var order = new Order
        {
            Number = "SF-TEST0001", Email = "a@example.test", CheckoutKey = "k", Currency = "USD",
            SubtotalAmount = 2 * 1000, ShippingAmount = 599, DiscountAmount = 300, TotalAmount = 2000 + 599 - 300,
            HoldExpiresAt = DateTime.UtcNow.AddMinutes(40),
            Lines = [new OrderLine { Sku = "S", ProductName = "Mug", UnitPriceAmount = 1000, Quantity = 2 }],
        };
        var payment = new Payment { Provider = "Stripe", AttemptKey = "pay_SF-TEST0001", Amount = order.TotalAmount, CreatedAt = DateTime.UtcNow };

        var options = Storefront.Core.Payments.Stripe.StripePaymentGateway.SessionOptionsFor(order, payment, StripeTestHost.ReturnUrls(order));

        // Stripe line items cannot be negative: rather than overcharge, the order is one line at its total.
        var item = Assert.Single(options.LineItems);
        Assert.Equal(2299, item.PriceData.UnitAmount);
        Assert.Equal(1, item.Quantity);
    }
}
