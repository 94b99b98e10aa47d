using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Storefront.Core.Checkout;
using Storefront.Core.Payments;

namespace Storefront.Core.Data.Configurations;

internal sealed class CartConfiguration : IEntityTypeConfiguration<Cart>
{
    public void Configure(EntityTypeBuilder<Cart> b)
    {
        b.Property(c => c.Id).ValueGeneratedNever();
        b.HasIndex(c => c.UserId);
        b.HasMany(c => c.Items).WithOne().HasForeignKey(i => i.CartId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CartItemConfiguration : IEntityTypeConfiguration<CartItem>
{
    public void Configure(EntityTypeBuilder<CartItem> b)
    {
        b.Property(i => i.SeenState).HasMaxLength(32);
        b.HasIndex(i => new { i.CartId, i.ProductId }).IsUnique();
        b.HasOne<Catalog.Product>().WithMany().HasForeignKey(i => i.ProductId);
    }
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> b)
    {
        b.Property(p => p.Provider).HasMaxLength(32);
        b.Property(p => p.AttemptKey).HasMaxLength(64);
        b.Property(p => p.ProviderReference).HasMaxLength(255);
        b.Property(p => p.PaymentIntentId).HasMaxLength(255);
        b.Property(p => p.Currency).HasMaxLength(3).IsFixedLength();
        b.HasIndex(p => p.AttemptKey).IsUnique();
        b.HasIndex(p => p.ProviderReference);
        b.HasIndex(p => p.OrderId);
        b.HasOne<Orders.Order>().WithMany().HasForeignKey(p => p.OrderId);
        b.ToTable(t => t.HasCheckConstraint("CK_Payment_Refunded", "\"RefundedAmount\" >= 0 AND \"RefundedAmount\" <= \"Amount\""));
    }
}

internal sealed class RefundConfiguration : IEntityTypeConfiguration<Refund>
{
    public void Configure(EntityTypeBuilder<Refund> b)
    {
        b.Property(r => r.Currency).HasMaxLength(3).IsFixedLength();
        b.Property(r => r.IdempotencyKey).HasMaxLength(100);
        b.Property(r => r.ProviderReference).HasMaxLength(255);
        b.Property(r => r.LastError).HasMaxLength(500);
        b.HasIndex(r => r.IdempotencyKey).IsUnique();
        // The refund job's question: which unconfirmed refunds are due.
        b.HasIndex(r => new { r.Status, r.NextAttemptAt });
        b.HasOne<Payment>().WithMany().HasForeignKey(r => r.PaymentId);
    }
}

internal sealed class ProcessedWebhookEventConfiguration : IEntityTypeConfiguration<ProcessedWebhookEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedWebhookEvent> b)
    {
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).HasMaxLength(255);
        b.Property(e => e.Type).HasMaxLength(100);
    }
}
