using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Storefront.Core.Catalog;

namespace Storefront.Core.Data.Configurations;

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> b)
    {
        b.Property(c => c.Name).HasMaxLength(100);
        b.Property(c => c.Slug).HasMaxLength(100);
        b.Property(c => c.Description).HasMaxLength(1000);
        b.HasIndex(c => c.Slug).IsUnique();
    }
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        b.Property(p => p.Sku).HasMaxLength(64);
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.Slug).HasMaxLength(200);
        b.Property(p => p.Description).HasMaxLength(4000);
        b.Property(p => p.Currency).HasMaxLength(3).IsFixedLength();
        b.Property(p => p.ImageUrl).HasMaxLength(500);
        b.Property(p => p.RestockNote).HasMaxLength(RestockDateRules.MaxNoteLength);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.Ignore(p => p.Price);
        b.HasIndex(p => p.Sku).IsUnique();
        b.HasIndex(p => p.Slug).IsUnique();
        // One index per catalog sort, so a page of a large catalog never sorts the whole table.
        b.HasIndex(p => p.Name);
        b.HasIndex(p => new { p.Status, p.Name });
        b.HasIndex(p => p.PriceAmount);
        b.HasIndex(p => p.CreatedAt);
        // The dashboard's reorder candidates are picked from this index alone, not from the product rows.
        b.HasIndex(p => new { p.Status, p.LowStockThreshold });
        b.HasOne(p => p.Category).WithMany(c => c.Products).HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(p => p.Stock).WithOne().HasForeignKey<Inventory.Stock>(s => s.ProductId);
    }
}
