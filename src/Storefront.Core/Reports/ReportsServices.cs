using Microsoft.Extensions.DependencyInjection;

namespace Storefront.Core.Reports;

public static class ReportsServices
{
    /// <summary>What staff read: the dashboard and the backorder queue report.</summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddScoped<DashboardReport>();
        services.AddScoped<BackorderReport>();
        return services;
    }
}
