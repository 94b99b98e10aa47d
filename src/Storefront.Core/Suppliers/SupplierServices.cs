using Microsoft.Extensions.DependencyInjection;

namespace Storefront.Core.Suppliers;

public static class SupplierServices
{
    /// <summary>The store's suppliers, their record of receipts, and the date the store counts on for their deliveries.</summary>
    public static IServiceCollection AddSuppliers(this IServiceCollection services) => services
        .AddScoped<SupplierDirectory>()
        .AddScoped<SupplierReliability>()
        .AddScoped<DeliveryDates>();
}
