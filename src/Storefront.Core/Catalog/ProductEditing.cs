using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Common;
using Storefront.Core.Data;
using Storefront.Core.Data.Seeding;
using Storefront.Core.Inventory;
using Storefront.Core.Etas;

namespace Storefront.Core.Catalog;

/// <summary>What staff type into the product form. The price stays text until it is checked.</summary>
public sealed record ProductDraft
{
    public string Sku { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Slug { get; init; }
    public string? Description { get; init; }
    public int CategoryId { get; init; }
    public string Price { get; init; } = "";
    public string? Currency { get; init; }
    public string? ImageUrl { get; init; }
    public ProductStatus Status { get; init; }
    public BackorderPolicy BackorderPolicy { get; init; }
    public int? BackorderLimit { get; init; }
    public int LowStockThreshold { get; init; }
    public DateOnly? ReleaseDate { get; init; }
    public DateOnly? RestockDate { get; init; }
    public string? RestockNote { get; init; }

    /// <summary>The version the editor started from (the optimistic concurrency token).</summary>
    public int Version { get; init; }

    public static ProductDraft From(Product p) => new()
    {
        Sku = p.Sku,
        Name = p.Name,
        Slug = p.Slug,
        Description = p.Description,
        CategoryId = p.CategoryId,
        Price = PriceText.Format(p.PriceAmount, p.Currency),
        Currency = p.Currency,
        ImageUrl = p.ImageUrl,
        Status = p.Status,
        BackorderPolicy = p.BackorderPolicy,
        BackorderLimit = p.BackorderLimit,
        LowStockThreshold = p.LowStockThreshold,
        ReleaseDate = p.ReleaseDate,
        RestockDate = p.RestockDate,
        RestockNote = p.RestockNote,
        Version = p.Version,
    };
}

/// <summary>A message for one field of the form (its <see cref="ProductDraft"/> property name), or for the whole form when Field is "".</summary>
public readonly record struct FieldError(string Field, string Message);

public enum ProductSaveOutcome
{
    Saved,
    Invalid,
    NotFound,
    /// <summary>Someone else saved the product since the editor loaded it; nothing was written.</summary>
    Conflict,
}

public sealed record ProductSaveResult(ProductSaveOutcome Outcome, int ProductId, IReadOnlyList<FieldError> Errors, Product? Current = null)
{
    public bool Succeeded => Outcome == ProductSaveOutcome.Saved;
}

/// <summary>Prices typed by people ("19.99") to minor units and back, for any currency's number of decimals.</summary>
public static class PriceText
{
    /// <summary>The most a single unit may cost: one million in the major unit.</summary>
    public const long MaxMajorUnits = 1_000_000;

    public static bool TryParse(string? text, string currency, out long amount, out string error)
    {
        amount = 0;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            error = "Enter a price, for example 19.99.";
            return false;
        }
        if (!decimal.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            error = $"\"{Shorten(trimmed)}\" is not a price. Enter a number such as 19.99 (digits and a decimal point only).";
            return false;
        }
        if (value < 0)
        {
            error = "The price cannot be negative.";
            return false;
        }
        if (value > MaxMajorUnits)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"The price cannot be more than {MaxMajorUnits:N0}.");
            return false;
        }
        var digits = Money.MinorDigits(currency);
        var scaled = value;
        for (var i = 0; i < digits; i++)
        {
            scaled *= 10m;
        }
        if (scaled != decimal.Truncate(scaled))
        {
            error = digits == 0
                ? $"{currency} prices have no decimals."
                : $"{currency} prices have at most {digits} decimals.";
            return false;
        }
        amount = (long)scaled;
        error = "";
        return true;
    }

    public static string Format(long amount, string currency) =>
        new Money(amount, currency).ToDecimal().ToString("F" + Money.MinorDigits(currency), CultureInfo.InvariantCulture);

    private static string Shorten(string s) => s.Length <= 20 ? s : s[..20] + "…";
}

/// <summary>
/// Creating and editing products for staff: every rule a product's fields must meet, unique SKUs and
/// slugs, and optimistic concurrency so two editors never silently overwrite each other.
/// </summary>
public sealed partial class ProductEditing(StorefrontDbContext db, TimeProvider clock, Inventory.InventoryEngine inventory)
{
    public const int MaxBackorderLimit = 1_000_000;
    public const int MaxLowStockThreshold = 1_000_000;

    public const string ConflictMessage =
        "Someone else changed this product while you were editing. Nothing of yours was saved. Their values are shown below; review them and save again to replace them with yours.";

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Creates a product with an empty stock row (on hand 0).</summary>
    public async Task<ProductSaveResult> CreateAsync(ProductDraft draft, CancellationToken ct = default)
    {
        var (product, errors) = await ValidateAsync(draft, existing: null, ct);
        if (errors.Count > 0)
        {
            return new ProductSaveResult(ProductSaveOutcome.Invalid, 0, errors);
        }
        product!.CreatedAt = clock.GetUtcNow().UtcDateTime;
        product.Version = 1;
        product.Stock = new Stock();
        db.Products.Add(product);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another editor took the SKU or slug between our check and the insert.
            db.ChangeTracker.Clear();
            var (_, raced) = await ValidateAsync(draft, existing: null, ct);
            return new ProductSaveResult(ProductSaveOutcome.Invalid, 0, raced.Count > 0 ? raced : [new("", "The product could not be saved. Please try again.")]);
        }
        return new ProductSaveResult(ProductSaveOutcome.Saved, product.Id, []);
    }

    /// <summary>Saves the draft over the product if nobody else saved it since <see cref="ProductDraft.Version"/>.</summary>
    public async Task<ProductSaveResult> UpdateAsync(int id, ProductDraft draft, CancellationToken ct = default) =>
        await UpdateAsync(id, draft, "staff", ct);

    /// <summary>
    /// As above; when the restock or release date changes, every open backorder line's ETA is
    /// recomputed in the same transaction and each move is recorded with <paramref name="actor"/>.
    /// </summary>
    public async Task<ProductSaveResult> UpdateAsync(int id, ProductDraft draft, string actor, CancellationToken ct = default)
    {
        var product = await db.Products.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (product is null)
        {
            return new ProductSaveResult(ProductSaveOutcome.NotFound, id, []);
        }
        if (product.Version != draft.Version)
        {
            return await ConflictAsync(id, ct);
        }
        var (_, errors) = await ValidateAsync(draft, product, ct);
        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return new ProductSaveResult(ProductSaveOutcome.Invalid, id, errors);
        }
        // The UPDATE carries "WHERE Version = <what the editor saw>": a save in between makes it match no row.
        db.Entry(product).Property(p => p.Version).OriginalValue = draft.Version;
        product.Version = draft.Version + 1;
        var datesMoved = db.Entry(product).Property(p => p.RestockDate).IsModified && db.Entry(product).Property(p => p.RestockDate).OriginalValue != product.RestockDate
            || db.Entry(product).Property(p => p.ReleaseDate).IsModified && db.Entry(product).Property(p => p.ReleaseDate).OriginalValue != product.ReleaseDate;
        try
        {
            if (datesMoved)
            {
                var strategy = db.Database.CreateExecutionStrategy();
                await strategy.ExecuteAsync(async () =>
                {
                    await using var tx = await db.Database.BeginTransactionAsync(ct);
                    await db.SaveChangesAsync(ct);
                    await inventory.ScheduleChangedAsync(id, "Product dates changed by staff", actor, ct);
                    await tx.CommitAsync(ct);
                });
            }
            else
            {
                await db.SaveChangesAsync(ct);
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            return await ConflictAsync(id, ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            var fresh = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
            var (_, raced) = fresh is null ? (null, []) : await ValidateAsync(draft, fresh, ct);
            return new ProductSaveResult(ProductSaveOutcome.Invalid, id, raced.Count > 0 ? raced : [new("", "The product could not be saved. Please try again.")]);
        }
        return new ProductSaveResult(ProductSaveOutcome.Saved, id, []);
    }

    private async Task<ProductSaveResult> ConflictAsync(int id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var current = await db.Products.AsNoTracking().Include(p => p.Category).FirstOrDefaultAsync(p => p.Id == id, ct);
        return current is null
            ? new ProductSaveResult(ProductSaveOutcome.NotFound, id, [])
            : new ProductSaveResult(ProductSaveOutcome.Conflict, id, [new("", ConflictMessage)], current);
    }

    /// <summary>
    /// Checks every field and, when all is well, writes the values onto <paramref name="existing"/>
    /// (or a new product). Nothing is saved here.
    /// </summary>
    private async Task<(Product? Product, List<FieldError> Errors)> ValidateAsync(ProductDraft d, Product? existing, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        void Error(string field, string message) => errors.Add(new(field, message));

        var sku = d.Sku?.Trim() ?? "";
        if (sku.Length == 0)
        {
            Error(nameof(d.Sku), "Enter a SKU.");
        }
        else if (sku.Length > 64 || !SkuPattern().IsMatch(sku))
        {
            Error(nameof(d.Sku), "A SKU is up to 64 letters, digits, dashes, dots or underscores, e.g. KIT-0042.");
        }

        var name = d.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            Error(nameof(d.Name), "Enter a name.");
        }
        else if (name.Length > 200)
        {
            Error(nameof(d.Name), "The name can be at most 200 characters.");
        }

        var slug = string.IsNullOrWhiteSpace(d.Slug) ? DemoCatalogSeeder.Slugify(name) : d.Slug.Trim();
        if (slug.Length == 0 && name.Length > 0)
        {
            Error(nameof(d.Slug), "The name has no letters or digits to make a web address from; enter a slug.");
        }
        else if (slug.Length > 0 && (slug.Length > 200 || !SlugPattern().IsMatch(slug)))
        {
            Error(nameof(d.Slug), "A slug is lowercase letters, digits and single dashes, e.g. cast-iron-skillet.");
        }

        var description = d.Description?.Trim() ?? "";
        if (description.Length > 4000)
        {
            Error(nameof(d.Description), "The description can be at most 4000 characters.");
        }

        if (d.CategoryId <= 0 || !await db.Categories.AnyAsync(c => c.Id == d.CategoryId, ct))
        {
            Error(nameof(d.CategoryId), "Choose a category.");
        }

        var currency = string.IsNullOrWhiteSpace(d.Currency) ? "USD" : d.Currency.Trim().ToUpperInvariant();
        if (!CurrencyPattern().IsMatch(currency))
        {
            Error(nameof(d.Currency), "A currency is a three-letter code such as USD.");
            currency = "USD";
        }
        if (!PriceText.TryParse(d.Price, currency, out var price, out var priceError))
        {
            Error(nameof(d.Price), priceError);
        }

        var imageUrl = d.ImageUrl?.Trim() ?? "";
        if (imageUrl.Length > 500)
        {
            Error(nameof(d.ImageUrl), "The image address can be at most 500 characters.");
        }
        else if (imageUrl.Length > 0 && !IsImageUrl(imageUrl))
        {
            Error(nameof(d.ImageUrl), "The image address must start with http://, https:// or / (a path on this site).");
        }

        if (!Enum.IsDefined(d.Status))
        {
            Error(nameof(d.Status), "Choose Active or Discontinued.");
        }
        if (!Enum.IsDefined(d.BackorderPolicy))
        {
            Error(nameof(d.BackorderPolicy), "Choose a backorder policy.");
        }
        int? limit = null;
        if (d.BackorderPolicy == BackorderPolicy.AllowedUpTo)
        {
            if (d.BackorderLimit is not { } l)
            {
                Error(nameof(d.BackorderLimit), "Enter the most units that may be on backorder at once (0 or more).");
            }
            else if (l < 0 || l > MaxBackorderLimit)
            {
                Error(nameof(d.BackorderLimit), $"The backorder cap must be between 0 and {MaxBackorderLimit.ToString("N0", CultureInfo.InvariantCulture)}.");
            }
            else
            {
                limit = l;
            }
        }

        if (d.LowStockThreshold < 0 || d.LowStockThreshold > MaxLowStockThreshold)
        {
            Error(nameof(d.LowStockThreshold), "The low-stock threshold must be 0 or more.");
        }

        if (Etas.RestockDateRules.DateError(d.RestockDate, Today, existing?.RestockDate) is { } dateError)
        {
            Error(nameof(d.RestockDate), dateError);
        }
        if (Etas.RestockDateRules.NoteError(d.RestockNote) is { } noteError)
        {
            Error(nameof(d.RestockNote), noteError);
        }

        if (!errors.Any(e => e.Field == nameof(d.Sku)) && sku.Length > 0)
        {
            var upper = sku.ToUpperInvariant();
            if (await db.Products.AnyAsync(p => p.Sku.ToUpper() == upper && (existing == null || p.Id != existing.Id), ct))
            {
                Error(nameof(d.Sku), $"Another product already has the SKU {sku}.");
            }
        }
        if (!errors.Any(e => e.Field == nameof(d.Slug)) && slug.Length > 0
            && await db.Products.AnyAsync(p => p.Slug == slug && (existing == null || p.Id != existing.Id), ct))
        {
            Error(nameof(d.Slug), $"Another product already uses the web address \"{slug}\"; enter a different slug.");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }
        var product = existing ?? new Product { Sku = sku, Name = name, Slug = slug };
        product.Sku = sku;
        product.Name = name;
        product.Slug = slug;
        product.Description = description;
        product.CategoryId = d.CategoryId;
        product.PriceAmount = price;
        product.Currency = currency;
        product.ImageUrl = imageUrl;
        product.Status = d.Status;
        product.BackorderPolicy = d.BackorderPolicy;
        product.BackorderLimit = limit;
        product.LowStockThreshold = d.LowStockThreshold;
        product.ReleaseDate = d.ReleaseDate;
        product.RestockDate = d.RestockDate;
        product.RestockNote = Etas.RestockDateRules.Normalise(d.RestockNote);
        return (product, errors);
    }

    private static bool IsImageUrl(string url) =>
        (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal))
        || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps));

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex SkuPattern();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();
}
