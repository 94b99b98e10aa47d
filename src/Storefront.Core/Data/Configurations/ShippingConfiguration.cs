using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Storefront.Core.Orders;
using Storefront.Core.Shipping;

namespace Storefront.Core.Data.Configurations;

internal sealed class ShipmentConfiguration : IEntityTypeConfiguration<Shipment>
{
    public void Configure(EntityTypeBuilder<Shipment> b)
    {
        b.Property(s => s.ShipmentKey).HasMaxLength(64);
        b.Property(s => s.Carrier).HasMaxLength(ShippingService.CarrierMaxLength);
        b.Property(s => s.TrackingNumber).HasMaxLength(ShippingService.TrackingMaxLength);
        b.Property(s => s.ShippedBy).HasMaxLength(256);
        b.Property(s => s.OverrideReason).HasMaxLength(ShippingService.OverrideReasonMaxLength);
        // The key makes a double-submitted ship form lose the race in the database, not in code.
        b.HasIndex(s => s.ShipmentKey).IsUnique();
        b.HasIndex(s => s.OrderId);
        b.HasOne<Order>().WithMany().HasForeignKey(s => s.OrderId);
        b.HasMany(s => s.Lines).WithOne().HasForeignKey(l => l.ShipmentId);
    }
}

internal sealed class ShipmentLineConfiguration : IEntityTypeConfiguration<ShipmentLine>
{
    public void Configure(EntityTypeBuilder<ShipmentLine> b)
    {
        // SQL Server allows one cascade path: order → shipment → line; the order line is reached by id only.
        b.HasOne<OrderLine>().WithMany().HasForeignKey(l => l.OrderLineId).OnDelete(DeleteBehavior.NoAction);
        b.HasIndex(l => l.OrderLineId);
        b.ToTable(t => t.HasCheckConstraint("CK_ShipmentLine_Quantity", "\"Quantity\" > 0"));
    }
}
