using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;

namespace Storefront.Core.Catalog;

/// <summary>Every product as a row of the product file, read in one streamed query (ADR 0020's way), ready to import again.</summary>
public static class ProductExport
{
    public static async IAsyncEnumerable<IReadOnlyList<string>> RowsAsync(StorefrontDbContext db, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var rows = db.Products.AsNoTracking()
            .OrderBy(p => p.Id)
            .Select(p => new
            {
                p.Sku, p.Name, p.Slug, p.Description, Category = p.Category!.Name, p.PriceAmount, p.Currency, p.Status, p.BackorderPolicy,
                p.BackorderLimit, p.LowStockThreshold, p.ReleaseDate, p.RestockDate, p.RestockNote, p.ImageUrl,
                OnHand = p.Stock == null ? 0 : p.Stock.OnHand,
                p.CostAmount,
            })
            .AsAsyncEnumerable();
        await foreach (var p in rows.WithCancellation(ct))
        {
            yield return
            [
                p.Sku, p.Name, p.Slug, p.Description, p.Category, PriceText.Format(p.PriceAmount, p.Currency), p.Currency, p.Status.ToString(),
                p.BackorderPolicy.ToString(), Number(p.BackorderLimit), Number(p.LowStockThreshold), Date(p.ReleaseDate), Date(p.RestockDate),
                p.RestockNote ?? "", p.ImageUrl, Number(p.OnHand),
                p.CostAmount is { } cost ? PriceText.Format(cost, p.Currency) : "",
            ];
        }
    }

    private static string Number(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
