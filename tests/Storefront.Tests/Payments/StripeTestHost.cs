using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Catalog;
using Storefront.Core.Checkout;
using Storefront.Core.Data;
using Storefront.Core.Data.Seeding;
using Storefront.Core.Inventory;
using Storefront.Core.Orders;
using Storefront.Core.Payments;
using Storefront.Web.Payments;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Storefront.Tests.Payments;

/// <summary>
/// The web app (a <see cref="StorefrontFactory"/> over its own SQLite file, shared by the tests of a
/// class) with Stripe configured against a local WireMock server that answers in Stripe's wire format.
/// Self-contained on purpose: every test makes its own products and orders, so the tests of a class
/// share one database without seeing each other's data.
/// </summary>
public class StripeTestHost : IAsyncLifetime
{
    public const string WebhookSecret = "whsec_test";

    /// <summary>Orders placed with this in their email get a 402 card_declined from "Stripe".</summary>
    public const string DeclinedEmailMarker = "card-declined";

    public WireMockServer Stripe { get; }

    /// <summary>The app, in the Development environment, paying through "Stripe".</summary>
    public StorefrontFactory App { get; }

    private IServiceProvider Services => App.Services;

    public StripeTestHost()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <param name="settings">Configuration on top of (or instead of) the Stripe settings below.</param>
    protected StripeTestHost(IReadOnlyDictionary<string, string?> settings)
    {
        Stripe = StartFake();
        var all = SettingsFor(Stripe);
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }
        App = new StorefrontFactory(new StorefrontOptions { Environment = "Development", Settings = all });
    }

    public Task InitializeAsync() => App.StartAsync();

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Stripe.Stop();
        Stripe.Dispose();
    }

    public HttpClient CreateClient() => App.CreateClient();

    /// <summary>The app's settings for paying through the fake at <paramref name="stripe"/>.</summary>
    public static Dictionary<string, string?> SettingsFor(WireMockServer stripe) => new()
    {
        ["Stripe:SecretKey"] = "sk_test_x",
        ["Stripe:WebhookSecret"] = WebhookSecret,
        ["Stripe:ApiBase"] = stripe.Url,
        // One retry is enough to prove a retry reuses its key, and keeps the tests quick.
        ["Stripe:MaxNetworkRetries"] = "1",
    };

    /// <summary>Starts a fake on a free port that answers checkout sessions and refunds as Stripe would.</summary>
    public static WireMockServer StartFake()
    {
        var stripe = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
        StubStripe(stripe);
        return stripe;
    }

    private static void StubStripe(WireMockServer stripe)
    {
        stripe.Given(Request.Create().WithPath("/v1/checkout/sessions").UsingPost())
            .AtPriority(10)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody(request => SessionJson(request)));

        stripe.Given(Request.Create().WithPath("/v1/checkout/sessions").UsingPost()
                .WithBody((string? body) => body?.Contains(DeclinedEmailMarker, StringComparison.Ordinal) == true))
            .AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(402).WithHeader("Content-Type", "application/json")
                .WithBody("""
                    {"error":{"type":"card_error","code":"card_declined","decline_code":"generic_decline","message":"Your card was declined."}}
                    """));

        stripe.Given(Request.Create().WithPath("/v1/refunds").UsingPost())
            .AtPriority(10)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody(request => RefundJson(request)));
    }

    /// <summary>A session id per attempt, as Stripe would return for a replayed idempotency key.</summary>
    public static string SessionIdFor(string attemptKey) =>
        "cs_test_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(attemptKey)))[..24];

    private static string SessionJson(IRequestMessage request)
    {
        var form = Form(request);
        var id = SessionIdFor(Header(request, "Idempotency-Key") ?? Guid.NewGuid().ToString("N"));
        long total = 0;
        for (var i = 0; form.ContainsKey($"line_items[{i}][quantity]"); i++)
        {
            total += long.Parse(form[$"line_items[{i}][quantity]"]!, CultureInfo.InvariantCulture)
                * long.Parse(form[$"line_items[{i}][price_data][unit_amount]"]!, CultureInfo.InvariantCulture);
        }
        var metadata = form.Where(kv => kv.Key.StartsWith("metadata[", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key["metadata[".Length..^1], kv => kv.Value.ToString());
        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = id,
            ["object"] = "checkout.session",
            ["mode"] = "payment",
            ["url"] = "https://checkout.stripe.com/c/pay/" + id,
            ["payment_status"] = "unpaid",
            ["status"] = "open",
            ["amount_total"] = total,
            ["currency"] = form["line_items[0][price_data][currency]"].ToString(),
            ["customer_email"] = form["customer_email"].ToString(),
            ["client_reference_id"] = form["client_reference_id"].ToString(),
            ["expires_at"] = long.Parse(form["expires_at"]!, CultureInfo.InvariantCulture),
            ["metadata"] = metadata,
            ["payment_intent"] = null,
            ["livemode"] = false,
            ["success_url"] = form["success_url"].ToString(),
            ["cancel_url"] = form["cancel_url"].ToString(),
        });
    }

    private static string RefundJson(IRequestMessage request)
    {
        var form = Form(request);
        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = "re_test_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Header(request, "Idempotency-Key") ?? "")))[..16],
            ["object"] = "refund",
            ["amount"] = long.Parse(form["amount"]!, CultureInfo.InvariantCulture),
            ["currency"] = "usd",
            ["payment_intent"] = form["payment_intent"].ToString(),
            ["status"] = "succeeded",
        });
    }

    public static Dictionary<string, Microsoft.Extensions.Primitives.StringValues> Form(IRequestMessage request) =>
        QueryHelpers.ParseQuery(request.Body ?? "");

    public static string? Header(IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    /// <summary>Requests "Stripe" received on a path, oldest first.</summary>
    public List<IRequestMessage> StripeRequests(string path) =>
        Stripe.LogEntries.Select(e => e.RequestMessage).Where(r => r.Path == path)
            .OrderBy(r => r.DateTime).ToList();

    // ---- test data -------------------------------------------------------------------------

    public async Task<T> WithDbAsync<T>(Func<StorefrontDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<StorefrontDbContext>());
    }

    public async Task<T> WithServiceAsync<TService, T>(Func<TService, Task<T>> work) where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>A backorderable product with <paramref name="onHand"/> units and a restock date (so backorders have an ETA).</summary>
    public Task<Product> CreateProductAsync(long priceAmount, int onHand) => WithDbAsync(async db =>
    {
        var unique = Guid.NewGuid().ToString("N")[..10];
        var category = new Category { Name = "Cat " + unique, Slug = "cat-" + unique };
        var product = new Product
        {
            Sku = "SKU-" + unique,
            Name = "Lamp " + unique,
            Slug = "lamp-" + unique,
            Category = category,
            PriceAmount = priceAmount,
            Currency = "USD",
            BackorderPolicy = BackorderPolicy.Allowed,
            RestockDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(14),
            CreatedAt = DateTime.UtcNow,
            Stock = new Stock { OnHand = onHand },
        };
        db.Products.Add(product);
        await db.SaveChangesAsync();
        db.StockLedger.AddRange(DemoCatalogSeeder.OpeningCounts([product]));
        await db.SaveChangesAsync();
        return product;
    });

    public async Task<Order> PlaceOrderAsync(int productId, int quantity, string? email = null)
    {
        var result = await WithServiceAsync<OrderPlacement, PlaceOrderResult>(placement => placement.PlaceAsync(new PlaceOrderRequest(
            CheckoutKey: Guid.NewGuid().ToString("N"),
            Email: email ?? $"shopper-{Guid.NewGuid():N}@example.test",
            UserId: null,
            Address: new ShippingAddress("Ada Shopper", "1 Main St", null, "Springfield", "12345", "US"),
            Lines: [new OrderLineRequest(productId, quantity)],
            BackorderTermsAccepted: true)));
        Assert.True(result.Outcome == PlaceOrderOutcome.Placed, string.Join("; ", result.Errors));
        return result.Order!;
    }

    public static PaymentReturnUrls ReturnUrls(Order order) => new(
        $"http://127.0.0.1/Checkout/Confirmation/{order.Number}?session_id={{CHECKOUT_SESSION_ID}}",
        $"http://127.0.0.1/Checkout/Pay/{order.Number}?cancelled=1");

    public Task<PaymentSession?> BeginPaymentAsync(Order order) =>
        WithServiceAsync<PaymentService, PaymentSession?>(payments => payments.BeginAsync(order.Id, ReturnUrls(order)));

    public Task<Order> OrderAsync(int orderId) => WithDbAsync(db =>
        db.Orders.AsNoTracking().Include(o => o.Lines).ThenInclude(l => l.Backorders).SingleAsync(o => o.Id == orderId));

    public Task<Stock> StockAsync(int productId) => WithDbAsync(db => db.Stock.AsNoTracking().SingleAsync(s => s.ProductId == productId));

    public Task<List<Payment>> PaymentsAsync(int orderId) => WithDbAsync(db => db.Payments.AsNoTracking().Where(p => p.OrderId == orderId).ToListAsync());

    // ---- webhooks --------------------------------------------------------------------------

    /// <summary>Stripe's scheme: t={unix},v1=hex(HMAC-SHA256(secret, "{t}.{payload}")).</summary>
    public static string Sign(string payload, long timestamp, string secret = WebhookSecret)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp.ToString(CultureInfo.InvariantCulture)}.{payload}"));
        return $"t={timestamp.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(mac)}";
    }

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>A checkout.session.* event for an order's attempt, as Stripe delivers it (an older API version on purpose).</summary>
    public static string CheckoutEvent(string eventId, string type, Order order, string paymentStatus, string status, string? paymentIntent = null)
    {
        var attemptKey = PaymentService.AttemptKeyFor(order);
        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = eventId,
            ["object"] = "event",
            ["api_version"] = "2024-06-20",
            ["created"] = Now,
            ["type"] = type,
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["request"] = new Dictionary<string, object?> { ["id"] = null, ["idempotency_key"] = null },
            ["data"] = new Dictionary<string, object?>
            {
                ["object"] = new Dictionary<string, object?>
                {
                    ["id"] = SessionIdFor(attemptKey),
                    ["object"] = "checkout.session",
                    ["mode"] = "payment",
                    ["status"] = status,
                    ["payment_status"] = paymentStatus,
                    ["payment_intent"] = paymentIntent,
                    ["amount_total"] = order.TotalAmount,
                    ["currency"] = order.Currency.ToLowerInvariant(),
                    ["client_reference_id"] = order.Number,
                    ["customer_email"] = order.Email,
                    ["metadata"] = new Dictionary<string, string>
                    {
                        ["order_number"] = order.Number,
                        ["order_id"] = order.Id.ToString(CultureInfo.InvariantCulture),
                        ["attempt_key"] = attemptKey,
                    },
                },
            },
        });
    }

    public async Task<HttpResponseMessage> PostWebhookAsync(string payload, string? signature)
    {
        using var client = CreateClient();
        using var content = new StringContent(payload, Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, StripeWebhook.Path) { Content = content };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        }
        return await client.SendAsync(request);
    }

    public Task<HttpResponseMessage> DeliverAsync(string payload) => PostWebhookAsync(payload, Sign(payload, Now));
}
