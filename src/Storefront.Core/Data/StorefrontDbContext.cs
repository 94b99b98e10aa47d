using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Catalog;
using Storefront.Core.Checkout;
using Storefront.Core.Identity;
using Storefront.Core.Inventory;
using Storefront.Core.Orders;
using Storefront.Core.Payments;
using Storefront.Core.Shipping;

namespace Storefront.Core.Data;

/// <summary>The unit of work for the whole store; there is no repository layer on top of it.</summary>
public class StorefrontDbContext(DbContextOptions<StorefrontDbContext> options)
    : IdentityDbContext<StorefrontUser>(options), IDataProtectionKeyContext
{
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Stock> Stock => Set<Stock>();
    public DbSet<InboundDelivery> InboundDeliveries => Set<InboundDelivery>();
    public DbSet<StockLedgerEntry> StockLedger => Set<StockLedgerEntry>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<BackorderLine> BackorderLines => Set<BackorderLine>();
    public DbSet<EtaChange> EtaChanges => Set<EtaChange>();
    public DbSet<Shipment> Shipments => Set<Shipment>();
    public DbSet<ShipmentLine> ShipmentLines => Set<ShipmentLine>();
    public DbSet<Cart> Carts => Set<Cart>();
    public DbSet<CartItem> CartItems => Set<CartItem>();
    public DbSet<Payment> Payments => Set<Payment>();
    public DbSet<Refund> Refunds => Set<Refund>();
    public DbSet<ProcessedWebhookEvent> ProcessedWebhookEvents => Set<ProcessedWebhookEvent>();
    public DbSet<Notifications.OutboxMessage> OutboxMessages => Set<Notifications.OutboxMessage>();
    public DbSet<Notifications.BackInStockSubscription> BackInStockSubscriptions => Set<Notifications.BackInStockSubscription>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<CatalogChange> CatalogChanges => Set<CatalogChange>();
    public DbSet<Suppliers.Supplier> Suppliers => Set<Suppliers.Supplier>();
    public DbSet<Suppliers.DeliveryReceipt> DeliveryReceipts => Set<Suppliers.DeliveryReceipt>();
    public DbSet<BackorderEvent> BackorderEvents => Set<BackorderEvent>();

    /// <summary>
    /// Products whose availability the open transaction changed (marked by the inventory engine, and
    /// by the change tracker for edited products and deliveries); recorded and published when it
    /// commits, see <see cref="Availability.AvailabilitySignalInterceptor"/>.
    /// </summary>
    internal HashSet<int> ChangedProducts { get; } = [];

    /// <summary>Of <see cref="ChangedProducts"/>, those whose place in listings may have moved.</summary>
    internal HashSet<int> ChangedListings { get; } = [];

    /// <summary>True when the open transaction changed the whole catalog (categories).</summary>
    internal bool ChangedEverything { get; set; }

    /// <summary>Changes a save outside any transaction recorded; published once that save succeeds.</summary>
    internal Availability.CatalogChangeSet? PendingSignal { get; set; }

    /// <summary>
    /// The change rows the open transaction has already written with one of its saves (product id,
    /// or null for the whole catalog; and whether the row says its listing moved), so the commit writes only the rest.
    /// </summary>
    internal Dictionary<int, bool> WrittenChanges { get; } = [];

    internal bool WroteEverything { get; set; }

    /// <summary>Change rows riding along with the save in progress; written once it succeeds.</summary>
    internal List<Catalog.CatalogChange>? ChangeRowsInSave { get; set; }

    /// <summary>A pooled context goes back to the pool without what its last unit of work marked.</summary>
    public override void Dispose()
    {
        ForgetMarks();
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        ForgetMarks();
        return base.DisposeAsync();
    }

    private void ForgetMarks()
    {
        ChangedProducts.Clear();
        ChangedListings.Clear();
        ChangedEverything = false;
        PendingSignal = null;
        WrittenChanges.Clear();
        WroteEverything = false;
        ChangeRowsInSave = null;
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // AddDefaultIdentity caps key columns at 128 at run time but design-time tools don't know it;
        // saying it here keeps every provider's migrations equal to the model the app runs.
        builder.Entity<IdentityUserLogin<string>>(b =>
        {
            b.Property(l => l.LoginProvider).HasMaxLength(128);
            b.Property(l => l.ProviderKey).HasMaxLength(128);
        });
        builder.Entity<IdentityUserToken<string>>(b =>
        {
            b.Property(t => t.LoginProvider).HasMaxLength(128);
            b.Property(t => t.Name).HasMaxLength(128);
        });
        builder.ApplyConfigurationsFromAssembly(typeof(StorefrontDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC; SQLite hands DateTime back unspecified, PostgreSQL insists on UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}
