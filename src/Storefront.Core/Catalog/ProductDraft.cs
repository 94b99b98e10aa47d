namespace Storefront.Core.Catalog;

/// <summary>What staff type into the product form. The price stays text until it is checked.</summary>
public sealed record ProductDraft
{
    public string Sku { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Slug { get; init; }
    public string? Description { get; init; }
    public int CategoryId { get; init; }
    public string Price { get; init; } = "";
    /// <summary>What a unit costs the merchant, typed like the price; empty when unknown.</summary>
    public string? Cost { get; init; }
    public string? Currency { get; init; }
    public string? ImageUrl { get; init; }
    public ProductStatus Status { get; init; }
    public BackorderPolicy BackorderPolicy { get; init; }
    public int? BackorderLimit { get; init; }
    public int LowStockThreshold { get; init; }
    public DateOnly? ReleaseDate { get; init; }
    public DateOnly? RestockDate { get; init; }
    public string? RestockNote { get; init; }

    /// <summary>The version the editor started from (the optimistic concurrency token).</summary>
    public int Version { get; init; }

    public static ProductDraft From(Product p) => new()
    {
        Sku = p.Sku,
        Name = p.Name,
        Slug = p.Slug,
        Description = p.Description,
        CategoryId = p.CategoryId,
        Price = PriceText.Format(p.PriceAmount, p.Currency),
        Cost = p.CostAmount is { } cost ? PriceText.Format(cost, p.Currency) : null,
        Currency = p.Currency,
        ImageUrl = p.ImageUrl,
        Status = p.Status,
        BackorderPolicy = p.BackorderPolicy,
        BackorderLimit = p.BackorderLimit,
        LowStockThreshold = p.LowStockThreshold,
        ReleaseDate = p.ReleaseDate,
        RestockDate = p.RestockDate,
        RestockNote = p.RestockNote,
        Version = p.Version,
    };
}
