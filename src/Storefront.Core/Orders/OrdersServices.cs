using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Orders.Delays;

namespace Storefront.Core.Orders;

public static class OrdersServices
{
    /// <summary>
    /// What customers and staff do with a placed order: cancel a backorder for a refund, answer a
    /// delay (the consent rule, its reminders and deadline), pin or hold a line in its queue, ask
    /// for its link again, join an account.
    /// </summary>
    public static IServiceCollection AddOrders(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<BackorderOptions>(configuration.GetSection(BackorderOptions.Section));
        services.AddScoped<BackorderCancellation>();
        services.AddScoped<OrderLinkRequests>();
        services.AddScoped<GuestOrders>();
        services.AddScoped<DelayConsent>();
        services.AddScoped<QueueControl>();
        services.AddHostedService<DelayConsentJob>();
        return services;
    }
}
