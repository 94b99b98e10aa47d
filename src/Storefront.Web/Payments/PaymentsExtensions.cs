namespace Storefront.Web.Payments;

public static class PaymentsExtensions
{
    /// <summary>Always mapped; answers 404 unless Stripe is configured.</summary>
    public static IEndpointRouteBuilder MapPaymentWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost(StripeWebhook.Path, StripeWebhook.HandleAsync).ExcludeFromDescription();
        return app;
    }
}
