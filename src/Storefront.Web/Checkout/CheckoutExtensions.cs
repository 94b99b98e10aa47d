namespace Storefront.Web.Checkout;

public static class CheckoutExtensions
{
    /// <summary>The cart and browser cookies and the signed links that open an order to the shopper who placed it.</summary>
    public static WebApplicationBuilder AddCheckoutWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<CartContext>();
        builder.Services.AddScoped<BrowserBinding>();
        builder.Services.AddScoped<CheckoutDetailsCookie>();
        builder.Services.AddSingleton<OrderAccess>();
        builder.Services.AddScoped<Pages.Orders.OrderLookup>();
        return builder;
    }
}
