namespace Storefront.Web.Catalog;

public static class CatalogExtensions
{
    /// <summary>The catalog's web face: pages and the JSON feed, whose errors are problem+json.</summary>
    public static WebApplicationBuilder AddCatalogWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        return builder;
    }
}
