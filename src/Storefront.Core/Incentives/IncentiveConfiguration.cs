using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Storefront.Core.Incentives;

internal sealed class IncentiveSettingsConfiguration : IEntityTypeConfiguration<IncentiveSettings>
{
    public void Configure(EntityTypeBuilder<IncentiveSettings> b)
    {
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.UpdatedBy).HasMaxLength(256);
    }
}

internal sealed class IncentiveCodeConfiguration : IEntityTypeConfiguration<IncentiveCode>
{
    public void Configure(EntityTypeBuilder<IncentiveCode> b)
    {
        b.Property(c => c.Code).HasMaxLength(32);
        b.Property(c => c.Email).HasMaxLength(256);
        b.Property(c => c.Currency).HasMaxLength(3).IsFixedLength();
        b.Property(c => c.IssueKey).HasMaxLength(64);
        b.HasIndex(c => c.Code).IsUnique();
        b.HasIndex(c => c.IssueKey).IsUnique();
        b.HasIndex(c => c.SourceOrderId);
        b.HasIndex(c => c.RedeemedByOrderId);
    }
}
