using Storefront.Core.Checkout;
using Storefront.Core.Inventory;
using Storefront.Core.Orders;

namespace Storefront.Web.Checkout;

public static class CheckoutExtensions
{
    public static WebApplicationBuilder AddStorefrontCheckout(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<CheckoutOptions>(builder.Configuration.GetSection(CheckoutOptions.Section));
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<StockCommands>();
        builder.Services.AddScoped<OrderPlacement>();
        builder.Services.AddScoped<OrderHolds>();
        builder.Services.AddScoped<CartService>();
        builder.Services.AddScoped<CartContext>();
        builder.Services.AddSingleton<OrderAccess>();
        builder.Services.AddHostedService<HoldExpiryWorker>();
        return builder;
    }
}
