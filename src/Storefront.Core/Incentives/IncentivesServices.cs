using Microsoft.Extensions.DependencyInjection;

namespace Storefront.Core.Incentives;

public static class IncentivesServices
{
    /// <summary>The merchant's incentive settings and the discount codes they issue and redeem.</summary>
    public static IServiceCollection AddIncentives(this IServiceCollection services)
    {
        services.AddScoped<IncentiveSettingsService>();
        services.AddScoped<IncentiveCodes>();
        services.AddScoped<IncentiveMessages>();
        services.AddScoped<ApologyCodes>();
        return services;
    }
}
