using Storefront.Core.Inventory;
using Storefront.Core.Etas;
using Storefront.Core.Identity;
using Storefront.Core.Reports;

namespace Storefront.Web.Areas.Admin.Api;

public static class AdminApiExtensions
{
    /// <summary>Inventory back office: receiving, deliveries, ETA recalculation, the backorder queue and API keys.</summary>
    public static WebApplicationBuilder AddStorefrontInventoryAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<AdminApiOptions>(builder.Configuration.GetSection(AdminApiOptions.Section));
        builder.Services.AddScoped<EtaRecalculation>();
        builder.Services.AddScoped<Receiving>();
        builder.Services.AddScoped<Deliveries>();
        builder.Services.AddScoped<BackorderReport>();
        builder.Services.AddScoped<ApiKeys>();
        return builder;
    }

    /// <summary>The inventory API under /api/admin, for ERP and warehouse systems, behind bearer keys.</summary>
    public static WebApplication MapInventoryApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/admin")
            .AddEndpointFilter<BearerKeyFilter>()
            .DisableAntiforgery();
        InventoryApi.Map(api);
        return app;
    }
}

public sealed class AdminApiOptions
{
    public const string Section = "AdminApi";

    /// <summary>A key that always works, for the first integration before any key is created in the Admin area.</summary>
    public string? BootstrapKey { get; set; }
}
