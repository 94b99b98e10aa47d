using Microsoft.Extensions.DependencyInjection;

namespace Storefront.Core.Suppliers;

public static class SupplierServices
{
    /// <summary>The store's suppliers.</summary>
    public static IServiceCollection AddSuppliers(this IServiceCollection services) =>
        services.AddScoped<SupplierDirectory>();
}
