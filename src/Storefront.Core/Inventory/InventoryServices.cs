using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Etas;

namespace Storefront.Core.Inventory;

public static class InventoryServices
{
    /// <summary>The inventory engine and what staff do through it: receive, adjust, schedule deliveries and restock dates.</summary>
    public static IServiceCollection AddInventory(this IServiceCollection services)
    {
        services.AddScoped<InventoryEngine>();
        services.AddScoped<EtaRecalculation>();
        services.AddScoped<Receiving>();
        services.AddScoped<StockAdjustments>();
        services.AddScoped<Deliveries>();
        return services;
    }
}
