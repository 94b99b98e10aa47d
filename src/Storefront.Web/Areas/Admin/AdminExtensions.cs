using Microsoft.AspNetCore.Authentication.Cookies;
using Storefront.Core.Identity;
using Storefront.Web.Areas.Admin.Api;

namespace Storefront.Web.Areas.Admin;

public static class AdminExtensions
{
    public const string StaffPolicy = "Staff";

    /// <summary>
    /// The staff pages under /Admin and the inventory API's keys. Everything under /Admin is for
    /// staff: anonymous visitors sign in, shoppers get 403.
    /// </summary>
    public static WebApplicationBuilder AddAdminArea(this WebApplicationBuilder builder)
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
        builder.Services.Configure<AdminApiOptions>(builder.Configuration.GetSection(AdminApiOptions.Section));
        return builder;
    }
}
