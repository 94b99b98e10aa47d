using Storefront.Web.Infrastructure;

namespace Storefront.Web.Areas.Admin.Api;

public static class AdminApiExtensions
{
    /// <summary>The inventory API under /api/admin, for ERP and warehouse systems, behind bearer keys.</summary>
    public static WebApplication MapInventoryApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/admin")
            .AddEndpointFilter<BearerKeyFilter>()
            .RequireRateLimiting(RateLimitPolicies.InventoryApi)
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
