using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Storefront.Core.Availability;
using Storefront.Core.Etas;

namespace Storefront.Core.Catalog;

public sealed class CatalogCacheOptions
{
    public const string Section = "Catalog";

    /// <summary>How many products' facts one instance keeps in memory (least recently used go first).</summary>
    public int CacheSize { get; set; } = 20_000;

    /// <summary>How often an instance reads the changes other instances committed (ADR 0017).</summary>
    public TimeSpan ChangePollInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}

/// <summary>What a product page or card needs from the database: the product with its category and stock, and its scheduled deliveries.</summary>
/// <remarks>
/// Shared by every request that reads it: never changed after it is loaded. The availability
/// evaluated from it is kept for the day it was evaluated on; the next day (or another test clock's
/// day) evaluates again, so no verdict outlives the date it was true on.
/// </remarks>
public sealed class ProductFacts(Product product, IReadOnlyList<ScheduledDelivery> deliveries)
{
    private Verdict? _verdict;

    public Product Product { get; } = product;

    public IReadOnlyList<ScheduledDelivery> Deliveries { get; } = deliveries;

    /// <summary>The availability on <paramref name="today"/>: evaluated once per day from these facts.</summary>
    public ProductAvailability AvailabilityOn(DateOnly today, Func<ProductFacts, ProductAvailability> evaluate)
    {
        if (Volatile.Read(ref _verdict) is { } known && known.Day == today)
        {
            return known.Availability;
        }
        var availability = evaluate(this);
        Volatile.Write(ref _verdict, new Verdict(today, availability));
        return availability;
    }

    private sealed record Verdict(DateOnly Day, ProductAvailability Availability);
}

/// <summary>A page of a listing: which products, in order, and how many match in all.</summary>
public sealed record ListingPage(IReadOnlyList<int> ProductIds, int Total);

/// <summary>
/// The shop's memory of products and listings, forgotten the moment <see cref="AvailabilitySignal"/>
/// says they changed (ADR 0017). It keeps facts, not verdicts: availability is evaluated from the
/// facts on every request, so "today" is always today.
/// </summary>
/// <remarks>
/// A reader that loaded a product before a change committed must not put the old state back after
/// the change was forgotten. Each reader takes a stamp before it reads the database; a change moves
/// the stamp, and a put whose stamp moved is dropped (checked again after the put, since a change
/// may land between the check and the write).
/// </remarks>
public sealed class CatalogCache : IDisposable
{
    private const int Stripes = 4096;

    /// <summary>A backstop only: every change is forgotten when it commits, this bounds a change missed by hand-made SQL.</summary>
    public static readonly TimeSpan Backstop = TimeSpan.FromMinutes(5);

    private static readonly MemoryCacheEntryOptions Entry = new() { Size = 1, AbsoluteExpirationRelativeToNow = Backstop };

    private readonly MemoryCache _entries;
    private readonly long[] _productStamps = new long[Stripes];
    private readonly AvailabilitySignal _signal;
    private long _listingStamp;
    private long _everythingStamp;

    public CatalogCache(AvailabilitySignal signal, IOptions<CatalogCacheOptions> options)
    {
        _entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(100, options.Value.CacheSize) * 2L });
        _signal = signal;
        _signal.Changed += Forget;
    }

    public readonly record struct Stamp(long Value, long Everything);

    public Stamp BeginProduct(int productId) =>
        new(Volatile.Read(ref _productStamps[Stripe(productId)]), Volatile.Read(ref _everythingStamp));

    public Stamp BeginListing() => new(Volatile.Read(ref _listingStamp), Volatile.Read(ref _everythingStamp));

    public bool TryGetProduct(int productId, out ProductFacts facts) =>
        _entries.TryGetValue(ProductKey(productId), out facts!) && facts is not null;

    public void PutProduct(int productId, ProductFacts facts, Stamp stamp)
    {
        if (!IsCurrent(stamp, productId))
        {
            return;
        }
        var key = ProductKey(productId);
        _entries.Set(key, facts, Entry);
        if (!IsCurrent(stamp, productId))
        {
            _entries.Remove(key);
        }
    }

    /// <summary>The product a slug or SKU pointed to last time; the caller checks it still does.</summary>
    public bool TryGetAddress(string slugOrSku, out int productId) => _entries.TryGetValue(AddressKey(slugOrSku), out productId);

    public void PutAddress(string slugOrSku, int productId) =>
        _entries.Set(AddressKey(slugOrSku), productId, Entry);

    public void ForgetAddress(string slugOrSku) => _entries.Remove(AddressKey(slugOrSku));

    public bool TryGetListing(string key, out ListingPage page) => _entries.TryGetValue(ListingKey(key), out page!) && page is not null;

    public void PutListing(string key, ListingPage page, Stamp stamp)
    {
        if (!IsCurrentListing(stamp))
        {
            return;
        }
        var entryKey = ListingKey(key);
        _entries.Set(entryKey, page, Entry);
        if (!IsCurrentListing(stamp))
        {
            _entries.Remove(entryKey);
        }
    }

    public bool TryGetCategories(out IReadOnlyList<Category> categories) =>
        _entries.TryGetValue(CategoriesKey.Instance, out categories!) && categories is not null;

    /// <summary>Categories change with the whole catalog (a category saved forgets everything).</summary>
    public void PutCategories(IReadOnlyList<Category> categories, Stamp stamp)
    {
        if (Volatile.Read(ref _everythingStamp) != stamp.Everything)
        {
            return;
        }
        _entries.Set(CategoriesKey.Instance, categories, Entry);
        if (Volatile.Read(ref _everythingStamp) != stamp.Everything)
        {
            _entries.Remove(CategoriesKey.Instance);
        }
    }

    /// <summary>Forgets what a committed change made untrue; called by the signal, here or from another instance.</summary>
    public void Forget(CatalogChangeSet changes)
    {
        if (changes.Everything)
        {
            Interlocked.Increment(ref _everythingStamp);
            _entries.Clear();
            return;
        }
        foreach (var id in changes.Products)
        {
            Interlocked.Increment(ref _productStamps[Stripe(id)]);
            _entries.Remove(ProductKey(id));
        }
        if (changes.Listings.Count > 0)
        {
            Interlocked.Increment(ref _listingStamp);
            ForgetListings();
        }
    }

    /// <summary>Forgets everything (a test starting from a restored database, a bulk change).</summary>
    public void Clear() => Forget(new CatalogChangeSet([], [], Everything: true));

    public void Dispose()
    {
        _signal.Changed -= Forget;
        _entries.Dispose();
    }

    private void ForgetListings()
    {
        foreach (var key in _entries.Keys)
        {
            if (key is ListingCacheKey)
            {
                _entries.Remove(key);
            }
        }
    }

    private bool IsCurrent(Stamp stamp, int productId) =>
        Volatile.Read(ref _productStamps[Stripe(productId)]) == stamp.Value && Volatile.Read(ref _everythingStamp) == stamp.Everything;

    private bool IsCurrentListing(Stamp stamp) =>
        Volatile.Read(ref _listingStamp) == stamp.Value && Volatile.Read(ref _everythingStamp) == stamp.Everything;

    private static int Stripe(int productId) => productId & (Stripes - 1);

    private static ProductCacheKey ProductKey(int id) => new(id);
    private static AddressCacheKey AddressKey(string slugOrSku) => new(slugOrSku);
    private static ListingCacheKey ListingKey(string key) => new(key);

    private readonly record struct ProductCacheKey(int Id);
    private readonly record struct AddressCacheKey(string SlugOrSku);
    private sealed record ListingCacheKey(string Query);

    private sealed class CategoriesKey
    {
        public static readonly CategoriesKey Instance = new();
    }
}
