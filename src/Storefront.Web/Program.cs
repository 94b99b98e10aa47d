using Serilog;
using Storefront.Core;
using Storefront.Web.Areas.Admin;
using Storefront.Web.Areas.Admin.Api;
using Storefront.Web.Catalog;
using Storefront.Web.Checkout;
using Storefront.Web.Infrastructure;
using Storefront.Web.Notifications;
using Storefront.Web.Payments;

var builder = WebApplication.CreateBuilder(args);

// Hosting: logs, the database, who is signed in, headers, https, client limits and compression.
builder.AddStorefrontLogging();
builder.AddStorefrontDatabase();
builder.AddStorefrontIdentity();
builder.AddStorefrontSecurity();
builder.AddStorefrontCompression();
builder.AddReadinessWarmUp();

// The store itself (Storefront.Core): catalog, inventory, checkout, payments, orders, shipping,
// incentives, notifications and reports, each registering its own services and background jobs.
builder.Services.AddStorefrontCore(builder.Configuration);

// Its web face: shopper pages, the links emails carry, the Admin area.
builder.AddCatalogWeb();
builder.AddCheckoutWeb();
builder.AddNotificationsWeb();
builder.AddAdminArea();
builder.AddBadInputGuards();
builder.Services.AddRazorPages();

var app = builder.Build();

app.UseStorefrontSecurity();
app.UseStorefrontCompression();
app.UseStorefrontErrorPages();
var warmUp = app.Services.GetRequiredService<ReadinessWarmUp>();
app.UseSerilogRequestLogging(o =>
{
    // This host's own logger: the middleware would otherwise write through the static Log.Logger,
    // which AddStorefrontLogging leaves silent (preserveStaticLogger), and no request line was ever written.
    o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
    o.GetLevel = (context, _, error) => warmUp.RequestLogLevel(context, error);
});
app.UseRouting();
app.UseStorefrontRateLimits();
app.UseAuthentication();
app.UseAuthorization();

app.MapStaticAssets();
app.MapRazorPages().WithStaticAssets();
app.MapCatalogApi();
app.MapPaymentWebhooks();
app.MapInventoryApi();
app.MapStorefrontHealth();

await app.PrepareDatabaseAsync();
if (CreateAdminCommand.IsRequested(args))
{
    return await CreateAdminCommand.RunAsync(app, args);
}
await app.WarmUpAsync();
await app.RunAsync();
return 0;
