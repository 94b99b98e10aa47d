using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Storefront.Core.Inventory;

namespace Storefront.Core.Data.Configurations;

internal sealed class StockConfiguration : IEntityTypeConfiguration<Stock>
{
    public void Configure(EntityTypeBuilder<Stock> b)
    {
        b.HasKey(s => s.ProductId);
        b.Property(s => s.ProductId).ValueGeneratedNever();
        b.Ignore(s => s.Available);
        // The invariants hold in the database too, whatever code path writes.
        b.ToTable(t =>
        {
            t.HasCheckConstraint("CK_Stock_OnHand", "\"OnHand\" >= 0");
            t.HasCheckConstraint("CK_Stock_Allocated", "\"Allocated\" >= 0 AND \"Allocated\" <= \"OnHand\"");
            t.HasCheckConstraint("CK_Stock_Backordered", "\"Backordered\" >= 0");
        });
    }
}

internal sealed class InboundDeliveryConfiguration : IEntityTypeConfiguration<InboundDelivery>
{
    public void Configure(EntityTypeBuilder<InboundDelivery> b)
    {
        b.Property(d => d.SupplierReference).HasMaxLength(100);
        b.Ignore(d => d.Outstanding);
        b.HasIndex(d => new { d.ProductId, d.Status, d.ExpectedDate });
        b.HasOne(d => d.Product).WithMany(p => p.Deliveries).HasForeignKey(d => d.ProductId);
        b.HasOne(d => d.Supplier).WithMany().HasForeignKey(d => d.SupplierId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StockLedgerEntryConfiguration : IEntityTypeConfiguration<StockLedgerEntry>
{
    public void Configure(EntityTypeBuilder<StockLedgerEntry> b)
    {
        b.Property(e => e.Reason).HasMaxLength(500);
        b.Property(e => e.Actor).HasMaxLength(256);
        b.HasIndex(e => new { e.ProductId, e.CreatedAt });
        b.HasOne<Catalog.Product>().WithMany().HasForeignKey(e => e.ProductId);
    }
}
