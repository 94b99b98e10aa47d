using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Storefront.Core.Orders;

namespace Storefront.Core.Data.Configurations;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> b)
    {
        b.Property(o => o.Number).HasMaxLength(32);
        b.Property(o => o.Email).HasMaxLength(256);
        b.Property(o => o.Currency).HasMaxLength(3).IsFixedLength();
        b.Property(o => o.CheckoutKey).HasMaxLength(64);
        b.Property(o => o.ClientKey).HasMaxLength(32);
        b.Property(o => o.ClientAddress).HasMaxLength(32);
        b.Ignore(o => o.Total);
        b.HasIndex(o => o.Number).IsUnique();
        b.HasIndex(o => o.CheckoutKey).IsUnique();
        b.HasIndex(o => new { o.Status, o.HoldExpiresAt });
        b.HasIndex(o => o.UserId);
        b.HasIndex(o => new { o.ClientKey, o.Status });
        b.HasIndex(o => new { o.ClientAddress, o.Status });
        b.HasMany(o => o.Lines).WithOne(l => l.Order).HasForeignKey(l => l.OrderId);
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> b)
    {
        b.Property(l => l.Sku).HasMaxLength(64);
        b.Property(l => l.ProductName).HasMaxLength(200);
        b.Property(l => l.Currency).HasMaxLength(3).IsFixedLength();
        b.Ignore(l => l.UnitPrice);
        b.Ignore(l => l.LineTotal);
        b.Ignore(l => l.IsPreOrder);
        b.HasOne<Catalog.Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.ToTable(t => t.HasCheckConstraint("CK_OrderLine_Quantities",
            "\"Quantity\" = \"AllocatedQuantity\" + \"ShippedQuantity\" + \"BackorderedQuantity\" + \"CancelledQuantity\""));
    }
}

internal sealed class BackorderLineConfiguration : IEntityTypeConfiguration<BackorderLine>
{
    public void Configure(EntityTypeBuilder<BackorderLine> b)
    {
        // The queue: open lines of a product, oldest first.
        b.HasIndex(l => new { l.ProductId, l.Status, l.PlacedAt, l.Id });
        b.HasIndex(l => l.OrderId);
        b.HasOne(l => l.OrderLine).WithMany(o => o.Backorders).HasForeignKey(l => l.OrderLineId);
        // SQL Server allows one cascade path: order → line → backorder.
        b.HasOne(l => l.Order).WithMany().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.NoAction);
        b.HasMany(l => l.EtaChanges).WithOne().HasForeignKey(c => c.BackorderLineId);
        b.HasMany(l => l.Events).WithOne().HasForeignKey(e => e.BackorderLineId);
        b.Ignore(l => l.Promise);
        // The consent sweep: lines waiting for an answer, by deadline.
        b.HasIndex(l => new { l.Consent, l.ConsentDeadline });
        b.ToTable(t => t.HasCheckConstraint("CK_BackorderLine_Quantity", "\"Quantity\" >= 0"));
    }
}

internal sealed class BackorderEventConfiguration : IEntityTypeConfiguration<BackorderEvent>
{
    public void Configure(EntityTypeBuilder<BackorderEvent> b)
    {
        b.Property(e => e.Actor).HasMaxLength(BackorderEvent.MaxActorLength);
        b.Property(e => e.Detail).HasMaxLength(BackorderEvent.MaxDetailLength);
        b.HasIndex(e => e.BackorderLineId);
    }
}

internal sealed class EtaChangeConfiguration : IEntityTypeConfiguration<EtaChange>
{
    public void Configure(EntityTypeBuilder<EtaChange> b)
    {
        b.Property(c => c.ChangedBy).HasMaxLength(256);
        b.Property(c => c.Reason).HasMaxLength(500);
    }
}
