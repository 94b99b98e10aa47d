using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Storefront.Core.Suppliers;

namespace Storefront.Core.Data.Configurations;

internal sealed class SupplierConfiguration : IEntityTypeConfiguration<Supplier>
{
    public void Configure(EntityTypeBuilder<Supplier> b)
    {
        b.Property(s => s.Name).HasMaxLength(Supplier.NameMaxLength);
        b.Property(s => s.Contact).HasMaxLength(Supplier.ContactMaxLength);
        b.HasIndex(s => s.Name).IsUnique();
    }
}

internal sealed class DeliveryReceiptConfiguration : IEntityTypeConfiguration<DeliveryReceipt>
{
    public void Configure(EntityTypeBuilder<DeliveryReceipt> b)
    {
        // A supplier's latest receipts, for its figures.
        b.HasIndex(r => new { r.SupplierId, r.ReceivedAt });
        b.HasOne<Supplier>().WithMany().HasForeignKey(r => r.SupplierId).OnDelete(DeleteBehavior.NoAction);
    }
}
