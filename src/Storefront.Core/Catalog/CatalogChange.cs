using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Storefront.Core.Catalog;

/// <summary>
/// One committed change to what shoppers see of a product, written in the transaction that made it,
/// so every store instance sharing the database can forget what it cached (ADR 0017). Rows are
/// append-only and short-lived: <see cref="CatalogChangeFeed"/> reads the new ones and trims the old.
/// </summary>
public sealed class CatalogChange
{
    public long Id { get; set; }

    /// <summary>The product that changed; null when the change touches the whole catalog (categories).</summary>
    public int? ProductId { get; set; }

    /// <summary>
    /// True when the product's place in listings may have moved (name, price, category, status, a new
    /// product); false when only its availability did (stock, queue, deliveries, dates).
    /// </summary>
    public bool Listing { get; set; }

    /// <summary>The instance that made the change (<see cref="Availability.AvailabilitySignal.Origin"/>): it already forgot it.</summary>
    public long Origin { get; set; }
}

internal sealed class CatalogChangeConfiguration : IEntityTypeConfiguration<CatalogChange>
{
    public void Configure(EntityTypeBuilder<CatalogChange> b)
    {
        b.ToTable("CatalogChanges");
        b.HasKey(c => c.Id);
    }
}
