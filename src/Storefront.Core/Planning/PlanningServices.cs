using Microsoft.Extensions.DependencyInjection;

namespace Storefront.Core.Planning;

public static class PlanningServices
{
    /// <summary>Replenishment suggestions, purchase orders and the dashboard's planning figures.</summary>
    public static IServiceCollection AddPlanning(this IServiceCollection services)
    {
        services.AddScoped<ReplenishmentReport>();
        services.AddScoped<PlanningSettingsService>();
        services.AddScoped<PurchaseOrders>();
        services.AddScoped<PlanningDashboard>();
        return services;
    }
}
