using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Storefront.Core.Catalog;

namespace Storefront.Core.Notifications;

public enum BackInStockStatus
{
    /// <summary>Asked for, but the email address has not confirmed it yet (double opt-in).</summary>
    Pending = 0,
    Active = 1,
    Unsubscribed = 2,
}

/// <summary>
/// "Email me when it's back": one address waiting for one out-of-stock product. It fires once
/// (<see cref="NotifiedAt"/>); a shopper who wants another alert subscribes again.
/// </summary>
public class BackInStockSubscription
{
    public int Id { get; set; }
    public int ProductId { get; set; }
    public Product? Product { get; set; }

    /// <summary>Trimmed and lower-cased, so one address is one subscriber.</summary>
    public required string Email { get; set; }
    public string? UserId { get; set; }

    public BackInStockStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ConfirmedAt { get; set; }
    public DateTime? NotifiedAt { get; set; }
    public DateTime? UnsubscribedAt { get; set; }

    /// <summary>
    /// "{productId}:{email}" while the subscription is still open (pending, or active and not yet
    /// alerted), null afterwards. Its unique index makes "one open subscription per address and
    /// product" hold even when two requests race.
    /// </summary>
    public string? OpenKey { get; set; }

    /// <summary>Which sweep claimed this row for its alert (set together with <see cref="NotifiedAt"/>).</summary>
    public string? AlertClaim { get; set; }

    public static string OpenKeyFor(int productId, string email) => $"{productId}:{email}";
}

internal sealed class BackInStockSubscriptionConfiguration : IEntityTypeConfiguration<BackInStockSubscription>
{
    public void Configure(EntityTypeBuilder<BackInStockSubscription> b)
    {
        b.Property(s => s.Email).HasMaxLength(256);
        b.Property(s => s.UserId).HasMaxLength(450);
        b.Property(s => s.OpenKey).HasMaxLength(280);
        b.Property(s => s.AlertClaim).HasMaxLength(60);
        b.HasOne(s => s.Product).WithMany().HasForeignKey(s => s.ProductId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => s.OpenKey).IsUnique();
        // What the sweep looks for: active subscriptions not yet alerted, per product.
        b.HasIndex(s => new { s.Status, s.NotifiedAt, s.ProductId });
        b.HasIndex(s => s.AlertClaim);
    }
}
