using Storefront.Core.Availability;
using Storefront.Core.Catalog;
using Storefront.Core.Common;

namespace Storefront.Web.Catalog;

public static class CatalogExtensions
{
    public static WebApplicationBuilder AddStorefrontCatalog(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.Configure<StoreOptions>(builder.Configuration.GetSection(StoreOptions.Section));
        // CatalogBrowser caches the category list shown in every page's navigation.
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<AvailabilityService>();
        builder.Services.AddScoped<CatalogBrowser>();
        builder.Services.AddProblemDetails();
        return builder;
    }
}
