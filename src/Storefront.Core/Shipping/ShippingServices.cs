using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Storefront.Core.Shipping;

public static class ShippingServices
{
    /// <summary>Shipping charges (the shopper's split-or-together choice) and shipping paid orders.</summary>
    public static IServiceCollection AddShipping(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ShippingOptions>(configuration.GetSection(ShippingOptions.Section));
        services.AddScoped<ShippingService>();
        services.AddScoped<ReadyToShip>();
        services.AddSingleton<CarrierTracking>();
        return services;
    }
}
