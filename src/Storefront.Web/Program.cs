using Serilog;
using Storefront.Web.Catalog;
using Storefront.Web.Checkout;
using Storefront.Web.Incentives;
using Storefront.Web.Payments;
using Storefront.Web.Infrastructure;
using Storefront.Web.Notifications;
using Storefront.Web.Areas.Admin;
using Storefront.Web.Areas.Admin.Api;

var builder = WebApplication.CreateBuilder(args);

builder.AddStorefrontLogging();
builder.AddStorefrontDatabase();
builder.AddStorefrontIdentity();
builder.AddStorefrontCatalog();
builder.AddStorefrontCheckout();
builder.AddStorefrontIncentives();
builder.AddStorefrontPayments();
builder.AddStorefrontAdmin();
builder.AddStorefrontInventoryAdmin();
builder.AddStorefrontNotifications();
builder.Services.AddRazorPages();

var app = builder.Build();

app.UseStorefrontErrorPages();
app.UseSerilogRequestLogging();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();

app.MapStaticAssets();
app.MapRazorPages().WithStaticAssets();
app.MapCatalogApi();
app.MapPaymentWebhooks();
app.MapInventoryApi();
app.MapHealthChecks("/health");

await app.PrepareDatabaseAsync();
if (CreateAdminCommand.IsRequested(args))
{
    return await CreateAdminCommand.RunAsync(app, args);
}
await app.RunAsync();
return 0;
