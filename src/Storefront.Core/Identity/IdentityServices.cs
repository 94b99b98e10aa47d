using Microsoft.Extensions.DependencyInjection;

namespace Storefront.Core.Identity;

public static class IdentityServices
{
    /// <summary>Bearer keys for the inventory API, stored hashed.</summary>
    public static IServiceCollection AddApiKeys(this IServiceCollection services)
    {
        services.AddScoped<ApiKeys>();
        return services;
    }
}
