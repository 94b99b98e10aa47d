using Storefront.Core.Incentives;
using Storefront.Core.Shipping;

namespace Storefront.Web.Incentives;

public static class IncentivesExtensions
{
    /// <summary>Shipping choice pricing, discount codes and the merchant's incentive settings.</summary>
    public static WebApplicationBuilder AddStorefrontIncentives(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<ShippingOptions>(builder.Configuration.GetSection(ShippingOptions.Section));
        builder.Services.AddScoped<IncentiveSettingsService>();
        builder.Services.AddScoped<IncentiveCodes>();
        builder.Services.AddScoped<IncentiveMessages>();
        builder.Services.AddScoped<ApologyCodes>();
        return builder;
    }
}
