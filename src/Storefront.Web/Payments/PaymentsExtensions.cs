using Storefront.Core.Common;
using Storefront.Core.Payments;
using Storefront.Core.Payments.Stripe;
using Stripe;

namespace Storefront.Web.Payments;

public static class PaymentsExtensions
{
    /// <summary>Stripe when its keys are configured; otherwise the built-in test gateway.</summary>
    public static WebApplicationBuilder AddStorefrontPayments(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(StripeOptions.Section);
        builder.Services.Configure<StripeOptions>(section);
        var stripe = section.Get<StripeOptions>() ?? new StripeOptions();
        if (stripe.IsConfigured)
        {
            builder.Services.AddSingleton<IStripeClient>(_ => new StripeClient(
                apiKey: stripe.SecretKey,
                apiBase: string.IsNullOrWhiteSpace(stripe.ApiBase) ? null : stripe.ApiBase,
                httpClient: new SystemNetHttpClient(
                    // A long-lived client that still notices DNS changes.
                    new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
                    {
                        Timeout = SystemNetHttpClient.DefaultHttpTimeout,
                    },
                    maxNetworkRetries: Math.Max(0, stripe.MaxNetworkRetries))));
            builder.Services.AddScoped<IPaymentGateway, StripePaymentGateway>();

            // Stripe cannot expire a Checkout Session sooner than 30 minutes after creating it. A
            // shorter hold would free the stock while the shopper can still pay, and the late payment
            // would then be refunded; so with Stripe the hold lasts at least as long as a session can.
            builder.Services.PostConfigure<StoreOptions>(o =>
            {
                if (o.CheckoutHold < StripePaymentGateway.ShortestHold)
                {
                    o.CheckoutHold = StripePaymentGateway.ShortestHold;
                }
            });
        }
        else
        {
            builder.Services.AddScoped<IPaymentGateway, TestPaymentGateway>();
        }
        builder.Services.AddScoped<PaymentService>();
        return builder;
    }

    /// <summary>Always mapped; answers 404 unless Stripe is configured.</summary>
    public static IEndpointRouteBuilder MapPaymentWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost(StripeWebhook.Path, StripeWebhook.HandleAsync).ExcludeFromDescription();
        return app;
    }
}
