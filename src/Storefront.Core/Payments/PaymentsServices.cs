using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Storefront.Core.Checkout;
using Storefront.Core.Common;
using Storefront.Core.Jobs;
using Storefront.Core.Payments.Stripe;
using Stripe;

namespace Storefront.Core.Payments;

public static class PaymentsServices
{
    /// <summary>
    /// Stripe when its keys are configured; otherwise the built-in test gateway in Development or with
    /// Payments:TestMode=true; otherwise no gateway at all, and checkout takes no orders (ADR 0014).
    /// </summary>
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(StripeOptions.Section);
        services.Configure<StripeOptions>(section);
        services.Configure<PaymentsOptions>(configuration.GetSection(PaymentsOptions.Section));
        var stripe = section.Get<StripeOptions>() ?? new StripeOptions();
        services.AddSingleton(sp => PaymentSetup.Decide(stripe,
            sp.GetRequiredService<IOptions<PaymentsOptions>>().Value, sp.GetRequiredService<IHostEnvironment>()));
        services.AddHostedService<PaymentSetupLog>();
        services.AddHostedService<RefundRetryJob>();
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
            // The environment is only known once the host is built, hence the choice at resolution.
            services.AddScoped<IPaymentGateway>(sp => sp.GetRequiredService<PaymentSetup>().Mode == PaymentMode.Test
                ? new TestPaymentGateway()
                : new UnconfiguredPaymentGateway());
        }
        services.AddScoped<PaymentService>();
        services.AddScoped<PaymentRefunds>();
        return services;
    }
}
