using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Jobs;

namespace Storefront.Core.Checkout;

public static class CheckoutServices
{
    /// <summary>The cart, placing an order with its stock hold, and the job that releases holds nobody paid for.</summary>
    public static IServiceCollection AddCheckout(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CheckoutOptions>(configuration.GetSection(CheckoutOptions.Section));
        services.AddScoped<CartService>();
        services.AddScoped<OrderPlacement>();
        services.AddSingleton<PlacementTurns>();
        services.AddScoped<OrderHolds>();
        services.AddHostedService<HoldExpiryJob>();
        return services;
    }
}
