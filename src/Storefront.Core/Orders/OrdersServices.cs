using Microsoft.Extensions.DependencyInjection;

namespace Storefront.Core.Orders;

public static class OrdersServices
{
    /// <summary>What customers and staff do with a placed order: cancel a backorder for a refund, ask for its link again, join an account.</summary>
    public static IServiceCollection AddOrders(this IServiceCollection services)
    {
        services.AddScoped<BackorderCancellation>();
        services.AddScoped<OrderLinkRequests>();
        services.AddScoped<GuestOrders>();
        return services;
    }
}
