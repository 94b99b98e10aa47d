using Microsoft.Net.Http.Headers;
using Storefront.Core.Catalog;

namespace Storefront.Web.Catalog;

/// <summary>Serves uploaded product pictures. A name is its content's hash, so a browser may keep it for a year.</summary>
public static class ProductImageFiles
{
    public static IResult Serve(string name, ProductImages images, HttpContext http)
    {
        if (images.FileFor(name) is not { } path || !File.Exists(path))
        {
            return Results.NotFound();
        }
        http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return Results.File(path, "image/webp", entityTag: new EntityTagHeaderValue("\"" + name[..64] + "\""));
    }
}
