using Microsoft.Extensions.DependencyInjection;

namespace Storefront.Core.Orders;

public static class OrdersServices
{
    /// <summary>What customers and staff do with a placed order: cancel a backorder for a refund.</summary>
    public static IServiceCollection AddOrders(this IServiceCollection services)
    {
        services.AddScoped<BackorderCancellation>();
        return services;
    }
}
