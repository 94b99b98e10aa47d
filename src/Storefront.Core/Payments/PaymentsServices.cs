using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Checkout;
using Storefront.Core.Common;
using Storefront.Core.Payments.Stripe;
using Stripe;

namespace Storefront.Core.Payments;

public static class PaymentsServices
{
    /// <summary>Stripe when its keys are configured; otherwise the built-in test gateway.</summary>
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(StripeOptions.Section);
        services.Configure<StripeOptions>(section);
        var stripe = section.Get<StripeOptions>() ?? new StripeOptions();
        if (stripe.IsConfigured)
        {
            services.AddSingleton<IStripeClient>(_ => new StripeClient(
                apiKey: stripe.SecretKey,
                apiBase: string.IsNullOrWhiteSpace(stripe.ApiBase) ? null : stripe.ApiBase,
                httpClient: new SystemNetHttpClient(
                    // A long-lived client that still notices DNS changes.
                    new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
                    {
                        Timeout = SystemNetHttpClient.DefaultHttpTimeout,
                    },
                    maxNetworkRetries: Math.Max(0, stripe.MaxNetworkRetries))));
            services.AddScoped<IPaymentGateway, StripePaymentGateway>();

            // Stripe cannot expire a Checkout Session sooner than 30 minutes after creating it. A
            // shorter hold would free the stock while the shopper can still pay, and the late payment
            // would then be refunded; so with Stripe the hold lasts at least as long as a session can.
            services.PostConfigure<StoreOptions>(o =>
            {
                if (o.CheckoutHold < StripePaymentGateway.ShortestHold)
                {
                    o.CheckoutHold = StripePaymentGateway.ShortestHold;
                }
            });
            // Nor can the store see the shopper use Stripe's page: the short payment-page hold cannot apply (ADR 0015).
            services.PostConfigure<CheckoutOptions>(o =>
            {
                if (o.PaymentPageHold < StripePaymentGateway.ShortestHold)
                {
                    o.PaymentPageHold = StripePaymentGateway.ShortestHold;
                }
            });
        }
        else
        {
            services.AddScoped<IPaymentGateway, TestPaymentGateway>();
        }
        services.AddScoped<PaymentService>();
        return services;
    }
}
