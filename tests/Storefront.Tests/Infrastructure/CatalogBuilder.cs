using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Catalog;
using Storefront.Core.Data;
using Storefront.Core.Inventory;
using Storefront.Core.Orders;

namespace Storefront.Tests.Infrastructure;

/// <summary>
/// Test data that reads like the situation it sets up:
/// <c>await data.Product("BO-1").OutOfStock().Backorderable().WithDelivery(today.AddDays(10), 5).SaveAsync();</c>
/// Every product gets a stock row and a ledger entry for its on-hand units; allocated and
/// backordered units come from a real paid order, so the invariants of DESIGN.md hold in test data too.
/// </summary>
public sealed class CatalogBuilder(StorefrontFactory factory)
{
    private Category? _category;

    public StorefrontFactory Factory => factory;

    /// <summary>What the app believes today is.</summary>
    public DateOnly Today => factory.Today;

    public ProductBuilder Product(string sku) => new(this, sku);

    /// <summary>A category for products that don't name one; created on first use.</summary>
    public async Task<Category> DefaultCategoryAsync() => _category ??= await CategoryAsync("Test goods", "test-goods");

    public async Task<Category> CategoryAsync(string name, string slug, int sortOrder = 0)
    {
        var category = new Category { Name = name, Slug = slug, SortOrder = sortOrder };
        await factory.WithDbAsync(async db =>
        {
            db.Categories.Add(category);
            await db.SaveChangesAsync();
        });
        return category;
    }

    internal Task<T> WithDbAsync<T>(Func<StorefrontDbContext, Task<T>> work) => factory.WithDbAsync(work);
}

public sealed class ProductBuilder
{
    private readonly CatalogBuilder _data;
    private readonly Product _product;
    private readonly List<(DateOnly Date, int Quantity)> _deliveries = [];
    private Category? _category;
    private int _onHand = 20;
    private int _allocated;
    private int _backordered;

    internal ProductBuilder(CatalogBuilder data, string sku)
    {
        _data = data;
        _product = new Product
        {
            Sku = sku,
            Name = "Product " + sku,
            Slug = sku.ToLowerInvariant(),
            Description = "A product made for a test.",
            PriceAmount = 1999,
            Currency = "USD",
            Status = ProductStatus.Active,
            BackorderPolicy = BackorderPolicy.NotAllowed,
            LowStockThreshold = 5,
        };
    }

    public ProductBuilder Named(string name, string? slug = null)
    {
        _product.Name = name;
        if (slug is not null)
        {
            _product.Slug = slug;
        }
        return this;
    }

    public ProductBuilder WithSlug(string slug)
    {
        _product.Slug = slug;
        return this;
    }

    public ProductBuilder Described(string description)
    {
        _product.Description = description;
        return this;
    }

    public ProductBuilder Priced(long amount, string currency = "USD")
    {
        _product.PriceAmount = amount;
        _product.Currency = currency;
        return this;
    }

    public ProductBuilder InCategory(Category category)
    {
        _category = category;
        return this;
    }

    /// <summary>On hand units, none allocated (unless <see cref="Allocated"/> says otherwise).</summary>
    public ProductBuilder OnHand(int units)
    {
        _onHand = units;
        return this;
    }

    public ProductBuilder InStock(int units = 20) => OnHand(units);

    /// <summary>Units promised to a paid order and not shipped yet.</summary>
    public ProductBuilder Allocated(int units)
    {
        _allocated = units;
        return this;
    }

    /// <summary>Open backordered units already waiting in the queue (an older customer's order).</summary>
    public ProductBuilder Backordered(int units)
    {
        _backordered = units;
        return this;
    }

    /// <summary>Nothing on the shelf.</summary>
    public ProductBuilder OutOfStock()
    {
        _onHand = 0;
        _allocated = 0;
        return this;
    }

    public ProductBuilder LowStockThreshold(int threshold)
    {
        _product.LowStockThreshold = threshold;
        return this;
    }

    public ProductBuilder Backorderable()
    {
        _product.BackorderPolicy = BackorderPolicy.Allowed;
        _product.BackorderLimit = null;
        return this;
    }

    public ProductBuilder BackorderableUpTo(int limit)
    {
        _product.BackorderPolicy = BackorderPolicy.AllowedUpTo;
        _product.BackorderLimit = limit;
        return this;
    }

    /// <summary>Backorders only for units scheduled deliveries bring, plus <paramref name="margin"/>.</summary>
    public ProductBuilder BackorderableUpToInbound(int? margin = null)
    {
        _product.BackorderPolicy = BackorderPolicy.AllowedUpToInbound;
        _product.BackorderLimit = margin;
        return this;
    }

    public ProductBuilder NotBackorderable()
    {
        _product.BackorderPolicy = BackorderPolicy.NotAllowed;
        _product.BackorderLimit = null;
        return this;
    }

    public ProductBuilder Discontinued()
    {
        _product.Status = ProductStatus.Discontinued;
        return this;
    }

    public ProductBuilder ReleasedOn(DateOnly date)
    {
        _product.ReleaseDate = date;
        return this;
    }

    public ProductBuilder RestockExpected(DateOnly date, string? note = null)
    {
        _product.RestockDate = date;
        _product.RestockNote = note;
        return this;
    }

    /// <summary>A scheduled inbound delivery of <paramref name="units"/> expected on <paramref name="date"/>.</summary>
    public ProductBuilder WithDelivery(DateOnly date, int units)
    {
        _deliveries.Add((date, units));
        return this;
    }

    public async Task<Product> SaveAsync()
    {
        if (_allocated > _onHand)
        {
            throw new InvalidOperationException($"{_product.Sku}: cannot allocate {_allocated} of {_onHand} on hand.");
        }
        var category = _category ?? await _data.DefaultCategoryAsync();
        var now = DateTime.UtcNow;
        _product.CategoryId = category.Id;
        _product.CreatedAt = now;

        return await _data.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            db.Products.Add(_product);
            await db.SaveChangesAsync();

            db.Stock.Add(new Stock { ProductId = _product.Id, OnHand = _onHand, Allocated = _allocated, Backordered = _backordered });
            if (_onHand > 0)
            {
                db.StockLedger.Add(new StockLedgerEntry
                {
                    ProductId = _product.Id, Kind = StockChangeKind.InitialCount, Quantity = _onHand,
                    Reason = "Test data", Actor = "tests", CreatedAt = now,
                });
            }
            foreach (var (date, units) in _deliveries)
            {
                db.InboundDeliveries.Add(new InboundDelivery
                {
                    ProductId = _product.Id, Quantity = units, ExpectedDate = date, Status = DeliveryStatus.Scheduled,
                    SupplierReference = "PO-TEST", CreatedAt = now,
                });
            }
            if (_allocated > 0 || _backordered > 0)
            {
                await AddOlderCustomersOrderAsync(db, now);
            }
            await db.SaveChangesAsync();
            await tx.CommitAsync();
            db.ChangeTracker.Clear();
            return await db.Products.AsNoTracking().Include(p => p.Stock).Include(p => p.Category).SingleAsync(p => p.Id == _product.Id);
        });
    }

    private async Task AddOlderCustomersOrderAsync(StorefrontDbContext db, DateTime now)
    {
        var key = Guid.NewGuid().ToString("N");
        var placed = now.AddDays(-1);
        var line = new OrderLine
        {
            ProductId = _product.Id, Sku = _product.Sku, ProductName = _product.Name,
            UnitPriceAmount = _product.PriceAmount, Currency = _product.Currency,
            Quantity = _allocated + _backordered, AllocatedQuantity = _allocated, BackorderedQuantity = _backordered,
        };
        if (_backordered > 0)
        {
            var eta = _deliveries.Count > 0 ? _deliveries.Max(d => d.Date) : _product.RestockDate ?? DateOnly.FromDateTime(now).AddDays(30);
            line.Backorders.Add(new BackorderLine
            {
                ProductId = _product.Id, PlacedAt = placed, OriginalQuantity = _backordered, Quantity = _backordered,
                Status = BackorderStatus.Open, PromisedEta = eta, CurrentEta = eta,
            });
        }
        var order = new Order
        {
            Number = "T-" + key[..10].ToUpperInvariant(), Email = "earlier.customer@example.test", Status = OrderStatus.Paid,
            Currency = _product.Currency, SubtotalAmount = line.LineTotal.Amount, TotalAmount = line.LineTotal.Amount,
            PlacedAt = placed, PaidAt = placed, CheckoutKey = key, BackorderTermsAccepted = _backordered > 0,
            Lines = [line],
        };
        foreach (var backorder in line.Backorders)
        {
            backorder.Order = order;
        }
        db.Orders.Add(order);
        await db.SaveChangesAsync();
    }
}
