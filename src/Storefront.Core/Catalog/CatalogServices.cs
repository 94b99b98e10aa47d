using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Storefront.Core.Availability;
using Storefront.Core.Common;
using Storefront.Core.Data;

namespace Storefront.Core.Catalog;

public static class CatalogServices
{
    /// <summary>Products, categories and the one availability service every page, email and feed asks.</summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<StoreOptions>(configuration.GetSection(StoreOptions.Section));
        services.AddScoped<AvailabilityService>();
        services.AddScoped<CatalogBrowser>();
        services.AddScoped<ProductEditing>();
        services.AddScoped<ProductImport>();
        services.Configure<ProductImageOptions>(configuration.GetSection(ProductImageOptions.Section));
        services.AddScoped<ProductImages>();
        services.AddSingleton<AvailabilitySignal>();
        services.AddSingleton<AvailabilitySignalInterceptor>();
        services.Configure<CatalogCacheOptions>(configuration.GetSection(CatalogCacheOptions.Section));
        services.AddSingleton<CatalogCache>();
        services.AddHostedService<CatalogChangeFeed>();
        services.ConfigureDbContext<StorefrontDbContext>((sp, db) => db.AddInterceptors(sp.GetRequiredService<AvailabilitySignalInterceptor>()));
        return services;
    }
}
