using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Storefront.Core.Data;
using Storefront.Core.Identity;
using Storefront.Web.Areas.Identity;

namespace Storefront.Web.Infrastructure;

public static class IdentityExtensions
{
    public static WebApplicationBuilder AddStorefrontIdentity(this WebApplicationBuilder builder)
    {
        builder.Services.AddDefaultIdentity<StorefrontUser>(o =>
            {
                o.SignIn.RequireConfirmedAccount = false;
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 8;
            })
            .AddRoles<IdentityRole>()
            .AddUserValidator<DeliverableEmailValidator>()
            .AddEntityFrameworkStores<StorefrontDbContext>();
        builder.Services.AddScoped<AccountEmails>();
        builder.Services.AddScoped<Microsoft.AspNetCore.Identity.UI.Services.IEmailSender, OutboxEmailSender>();
        builder.Services.AddSingleton<DecoyPassword>();

        // Keys live in the database so any instance behind a load balancer can read any cookie.
        builder.Services.AddDataProtection()
            .SetApplicationName("Storefront")
            .PersistKeysToDbContext<StorefrontDbContext>();
        return builder;
    }
}
