using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Storefront.Core.Planning;

internal sealed class PurchaseOrderConfiguration : IEntityTypeConfiguration<PurchaseOrder>
{
    public void Configure(EntityTypeBuilder<PurchaseOrder> b)
    {
        b.Property(p => p.Number).HasMaxLength(PurchaseOrder.NumberMaxLength);
        b.Property(p => p.Note).HasMaxLength(PurchaseOrder.NoteMaxLength);
        b.Property(p => p.CreatedBy).HasMaxLength(256);
        b.HasIndex(p => p.Number).IsUnique();
        b.HasIndex(p => new { p.Status, p.CreatedAt });
        b.HasOne(p => p.Supplier).WithMany().HasForeignKey(p => p.SupplierId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.Lines).WithOne().HasForeignKey(d => d.PurchaseOrderId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PlanningSettingsConfiguration : IEntityTypeConfiguration<PlanningSettings>
{
    public void Configure(EntityTypeBuilder<PlanningSettings> b)
    {
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.ServiceLevelPercent).HasPrecision(5, 2);
        b.Property(s => s.WaitlistConversionPercent).HasPrecision(5, 2);
        b.Property(s => s.UpdatedBy).HasMaxLength(256);
    }
}
