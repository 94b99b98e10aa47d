using System.Net;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;

namespace Storefront.Web.Catalog;

/// <summary>
/// Demo product pictures drawn as SVG from the product's name and category, so the shop looks
/// complete with no network and no image files. A merchant's own ImageUrl replaces them.
/// </summary>
public static class ProductImage
{
    private static readonly string[][] Palettes =
    [
        ["#0f4c5c", "#e36414"], ["#264653", "#2a9d8f"], ["#3d405b", "#e07a5f"], ["#1d3557", "#457b9d"],
        ["#283618", "#dda15e"], ["#5f0f40", "#9a031e"], ["#22223b", "#9a8c98"], ["#003049", "#f77f00"],
    ];

    public static async Task<IResult> RenderAsync(string sku, StorefrontDbContext db, HttpContext http, CancellationToken ct)
    {
        var product = await db.Products.AsNoTracking()
            .Where(p => p.Sku == sku)
            .Select(p => new { p.Name, Category = p.Category!.Name, p.CategoryId })
            .FirstOrDefaultAsync(ct);
        if (product is null)
        {
            return Results.NotFound();
        }
        http.Response.Headers.CacheControl = "public, max-age=86400";
        return Results.Text(Draw(product.Name, product.Category, product.CategoryId), "image/svg+xml");
    }

    public static string Draw(string name, string category, int seed)
    {
        var palette = Palettes[Math.Abs(seed) % Palettes.Length];
        var initials = string.Concat(name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(w => char.ToUpperInvariant(w[0])));
        var shape = Math.Abs(name.GetHashCode(StringComparison.Ordinal)) % 3;
        var decoration = shape switch
        {
            0 => $"<circle cx='320' cy='90' r='70' fill='{palette[1]}' opacity='0.55'/>",
            1 => $"<rect x='250' y='30' width='120' height='120' rx='24' fill='{palette[1]}' opacity='0.5' transform='rotate(18 310 90)'/>",
            _ => $"<path d='M0 230 Q100 170 200 230 T400 230 V300 H0Z' fill='{palette[1]}' opacity='0.55'/>",
        };
        return $"""
            <svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 400 300' role='img' aria-label='{WebUtility.HtmlEncode(name)}'>
            <rect width='400' height='300' fill='{palette[0]}'/>
            {decoration}
            <text x='200' y='165' font-family='Georgia, serif' font-size='88' fill='#fff' text-anchor='middle'>{WebUtility.HtmlEncode(initials)}</text>
            <text x='200' y='262' font-family='Helvetica, Arial, sans-serif' font-size='18' fill='#fff' opacity='0.85' text-anchor='middle'>{WebUtility.HtmlEncode(category.ToUpperInvariant())}</text>
            </svg>
            """;
    }
}
