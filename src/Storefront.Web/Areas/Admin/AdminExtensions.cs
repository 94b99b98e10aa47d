using Microsoft.AspNetCore.Authentication.Cookies;
using Storefront.Core.Catalog;
using Storefront.Core.Identity;
using Storefront.Core.Inventory;
using Storefront.Core.Orders;
using Storefront.Core.Reports;
using Storefront.Core.Shipping;

namespace Storefront.Web.Areas.Admin;

public static class AdminExtensions
{
    public const string StaffPolicy = "Staff";

    /// <summary>Everything under /Admin is for staff: anonymous visitors sign in, shoppers get 403.</summary>
    public static WebApplicationBuilder AddStorefrontAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicy, p => p.RequireRole(Roles.Admin, Roles.Staff));
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o =>
            o.Conventions.AuthorizeAreaFolder("Admin", "/", StaffPolicy));
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.Events = new CookieAuthenticationEvents
            {
                // A signed-in shopper is not sent to a page that says 200: the answer is 403.
                OnRedirectToAccessDenied = ctx =>
                {
                    ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                },
            };
        });
        builder.Services.AddScoped<StaffAccounts>();
        builder.Services.AddScoped<ProductEditing>();
        builder.Services.AddScoped<StockAdjustments>();
        builder.Services.AddScoped<ShippingService>();
        builder.Services.AddScoped<DashboardReport>();
        return builder;
    }
}
