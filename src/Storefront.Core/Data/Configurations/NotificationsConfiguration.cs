using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Storefront.Core.Notifications;

namespace Storefront.Core.Data.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.Property(m => m.Kind).HasMaxLength(50);
        b.Property(m => m.Recipient).HasMaxLength(256);
        b.Property(m => m.Subject).HasMaxLength(300);
        b.Property(m => m.DedupKey).HasMaxLength(200);
        b.Property(m => m.LeaseOwner).HasMaxLength(100);
        b.Property(m => m.LastError).HasMaxLength(400);
        b.HasIndex(m => m.DedupKey).IsUnique();
        // What the sender looks for: pending rows due now.
        b.HasIndex(m => new { m.Status, m.NextAttemptAt });
        b.HasIndex(m => m.LeaseOwner);
        b.HasIndex(m => m.OrderId);
    }
}
