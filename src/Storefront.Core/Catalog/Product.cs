using Storefront.Core.Common;
using Storefront.Core.Inventory;

namespace Storefront.Core.Catalog;

public enum ProductStatus
{
    Active = 0,
    Discontinued = 1,
}

public enum BackorderPolicy
{
    NotAllowed = 0,
    Allowed = 1,
    /// <summary>Backorders allowed while open backordered units stay within <see cref="Product.BackorderLimit"/>.</summary>
    AllowedUpTo = 2,
    /// <summary>
    /// Backorders allowed only for units a scheduled delivery will bring, plus an optional margin in
    /// <see cref="Product.BackorderLimit"/>: the store never promises stock nobody has ordered.
    /// </summary>
    AllowedUpToInbound = 3,
}

/// <summary>The one rule for how many units may be open on backorder at once under a product's policy.</summary>
public static class BackorderCap
{
    /// <summary>
    /// The most open backordered units the policy allows, or null for no cap. <paramref name="inboundUnits"/>
    /// is what the product's scheduled deliveries still bring (their outstanding units).
    /// </summary>
    public static int? For(BackorderPolicy policy, int? limit, int inboundUnits) => policy switch
    {
        BackorderPolicy.AllowedUpTo => limit ?? 0,
        BackorderPolicy.AllowedUpToInbound => (int)Math.Min(int.MaxValue, (long)inboundUnits + (limit ?? 0)),
        BackorderPolicy.Allowed => null,
        _ => 0,
    };
}

public class Product
{
    public int Id { get; set; }
    public required string Sku { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public string Description { get; set; } = "";

    public int CategoryId { get; set; }
    public Category? Category { get; set; }

    /// <summary>Unit price in the currency's minor unit.</summary>
    public long PriceAmount { get; set; }
    public string Currency { get; set; } = "USD";
    public Money Price => new(PriceAmount, Currency);

    public string ImageUrl { get; set; } = "";
    public ProductStatus Status { get; set; }

    public BackorderPolicy BackorderPolicy { get; set; }
    /// <summary>
    /// Cap on open backordered units for <see cref="BackorderPolicy.AllowedUpTo"/>; the extra margin
    /// beyond inbound units for <see cref="BackorderPolicy.AllowedUpToInbound"/>.
    /// </summary>
    public int? BackorderLimit { get; set; }

    /// <summary>What one unit costs the merchant, in the currency's minor unit; null when not entered.</summary>
    public long? CostAmount { get; set; }

    public int LowStockThreshold { get; set; } = 5;

    /// <summary>When set in the future the product is on pre-order.</summary>
    public DateOnly? ReleaseDate { get; set; }

    /// <summary>Staff's expected date for more stock when no delivery is scheduled.</summary>
    public DateOnly? RestockDate { get; set; }
    public string? RestockNote { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// When staff, an import or a picture upload last changed what the product's page shows (UTC);
    /// set only by <see cref="ProductEditing"/>, and only when a value actually changed.
    /// </summary>
    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token for staff edits; bumped on every save.</summary>
    public int Version { get; set; }

    public Stock? Stock { get; set; }
    public List<InboundDelivery> Deliveries { get; set; } = [];
}
