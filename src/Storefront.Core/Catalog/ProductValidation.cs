using System.Globalization;
using System.Text.RegularExpressions;
using Storefront.Core.Data;
using Storefront.Core.Data.Seeding;

namespace Storefront.Core.Catalog;

/// <summary>Every rule a product's fields must meet, with each error naming its field and code.</summary>
public static partial class ProductValidation
{
    public const int MaxBackorderLimit = 1_000_000;
    public const int MaxLowStockThreshold = 1_000_000;

    /// <summary>
    /// Checks every field and, when all is well, writes the values onto <paramref name="existing"/>
    /// (or a new product). Nothing is saved here.
    /// </summary>
    internal static async Task<(Product? Product, List<ValidationError> Errors)> ValidateAsync(
        StorefrontDbContext db, ProductDraft d, Product? existing, DateOnly today, CancellationToken ct) =>
        Validate(d, existing, today, await ProductLookups.ReadAsync(db, [d], ct));

    /// <summary>The web address a draft asks for: its slug, or one made from its name.</summary>
    internal static string SlugOf(ProductDraft d) =>
        string.IsNullOrWhiteSpace(d.Slug) ? DemoCatalogSeeder.Slugify(d.Name?.Trim() ?? "") : d.Slug.Trim();

    /// <summary>
    /// As <see cref="ValidateAsync"/>, with what the rules need from the store (categories, SKUs and
    /// web addresses in use) read beforehand, for one draft or a whole file at once.
    /// </summary>
    internal static (Product? Product, List<ValidationError> Errors) Validate(ProductDraft d, Product? existing, DateOnly today, ProductLookups facts)
    {
        var errors = new List<ValidationError>();
        void Error(string field, string code, string message) => errors.Add(new(field, code, message));

        var sku = d.Sku?.Trim() ?? "";
        if (sku.Length == 0)
        {
            Error(nameof(d.Sku), ValidationCodes.Required, "Enter a SKU.");
        }
        else if (sku.Length > 64 || !SkuPattern().IsMatch(sku))
        {
            Error(nameof(d.Sku), ValidationCodes.Format, "A SKU is up to 64 letters, digits, dashes, dots or underscores, e.g. KIT-0042.");
        }

        var name = d.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            Error(nameof(d.Name), ValidationCodes.Required, "Enter a name.");
        }
        else if (name.Length > 200)
        {
            Error(nameof(d.Name), ValidationCodes.TooLong, "The name can be at most 200 characters.");
        }

        var slug = SlugOf(d);
        if (slug.Length == 0 && name.Length > 0)
        {
            Error(nameof(d.Slug), ValidationCodes.Required, "The name has no letters or digits to make a web address from; enter a slug.");
        }
        else if (slug.Length > 0 && (slug.Length > 200 || !SlugPattern().IsMatch(slug)))
        {
            Error(nameof(d.Slug), ValidationCodes.Format, "A slug is lowercase letters, digits and single dashes, e.g. cast-iron-skillet.");
        }

        var description = d.Description?.Trim() ?? "";
        if (description.Length > 4000)
        {
            Error(nameof(d.Description), ValidationCodes.TooLong, "The description can be at most 4000 characters.");
        }

        if (d.CategoryId <= 0 || !facts.CategoryIds.Contains(d.CategoryId))
        {
            Error(nameof(d.CategoryId), d.CategoryId <= 0 ? ValidationCodes.Required : ValidationCodes.NotFound, "Choose a category.");
        }

        var currency = string.IsNullOrWhiteSpace(d.Currency) ? "USD" : d.Currency.Trim().ToUpperInvariant();
        if (!CurrencyPattern().IsMatch(currency))
        {
            Error(nameof(d.Currency), ValidationCodes.Format, "A currency is a three-letter code such as USD.");
            currency = "USD";
        }
        if (!PriceText.TryParse(d.Price, currency, out var price, out var priceError))
        {
            errors.Add(priceError);
        }

        var imageUrl = d.ImageUrl?.Trim() ?? "";
        if (imageUrl.Length > 500)
        {
            Error(nameof(d.ImageUrl), ValidationCodes.TooLong, "The image address can be at most 500 characters.");
        }
        else if (imageUrl.Length > 0 && !IsImageUrl(imageUrl))
        {
            Error(nameof(d.ImageUrl), ValidationCodes.Format, "The image address must start with http://, https:// or / (a path on this site).");
        }

        if (!Enum.IsDefined(d.Status))
        {
            Error(nameof(d.Status), ValidationCodes.OutOfRange, "Choose Active or Discontinued.");
        }
        if (!Enum.IsDefined(d.BackorderPolicy))
        {
            Error(nameof(d.BackorderPolicy), ValidationCodes.OutOfRange, "Choose a backorder policy.");
        }
        int? limit = null;
        if (d.BackorderPolicy == BackorderPolicy.AllowedUpTo)
        {
            if (d.BackorderLimit is not { } l)
            {
                Error(nameof(d.BackorderLimit), ValidationCodes.Required, "Enter the most units that may be on backorder at once (0 or more).");
            }
            else if (l < 0 || l > MaxBackorderLimit)
            {
                Error(nameof(d.BackorderLimit), ValidationCodes.OutOfRange,
                    $"The backorder cap must be between 0 and {MaxBackorderLimit.ToString("N0", CultureInfo.InvariantCulture)}.");
            }
            else
            {
                limit = l;
            }
        }
        else if (d.BackorderPolicy == BackorderPolicy.AllowedUpToInbound && d.BackorderLimit is { } margin)
        {
            if (margin < 0 || margin > MaxBackorderLimit)
            {
                Error(nameof(d.BackorderLimit), ValidationCodes.OutOfRange,
                    $"The margin beyond inbound units must be between 0 and {MaxBackorderLimit.ToString("N0", CultureInfo.InvariantCulture)}.");
            }
            else
            {
                limit = margin;
            }
        }

        long? cost = null;
        if (!string.IsNullOrWhiteSpace(d.Cost))
        {
            if (!PriceText.TryParse(d.Cost, currency, out var costAmount, out var costError))
            {
                errors.Add(new ValidationError(nameof(d.Cost), costError.Code, costError.Message.Replace("price", "cost", StringComparison.Ordinal)));
            }
            else
            {
                cost = costAmount;
            }
        }

        if (d.LowStockThreshold < 0 || d.LowStockThreshold > MaxLowStockThreshold)
        {
            Error(nameof(d.LowStockThreshold), ValidationCodes.OutOfRange, "The low-stock threshold must be 0 or more.");
        }

        if (d.ReleaseDate is { } release && DateWindow.CheckRelease(nameof(d.ReleaseDate), release, today) is { } badRelease)
        {
            errors.Add(badRelease);
        }
        errors.AddRange(RestockDateRules.Validate(d.RestockDate, d.RestockNote, today, stored: existing?.RestockDate));

        if (!errors.Any(e => e.Field == nameof(d.Sku)) && sku.Length > 0)
        {
            if (facts.SkuOwners[sku].Any(id => existing == null || id != existing.Id))
            {
                Error(nameof(d.Sku), ValidationCodes.Taken, $"Another product already has the SKU {sku}.");
            }
        }
        if (!errors.Any(e => e.Field == nameof(d.Slug)) && slug.Length > 0
            && facts.SlugOwners[slug].Any(id => existing == null || id != existing.Id))
        {
            Error(nameof(d.Slug), ValidationCodes.Taken, $"Another product already uses the web address \"{slug}\"; enter a different slug.");
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
        product.CostAmount = cost;
        product.LowStockThreshold = d.LowStockThreshold;
        product.ReleaseDate = d.ReleaseDate;
        product.RestockDate = d.RestockDate;
        product.RestockNote = RestockDateRules.Normalize(d.RestockNote);
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
