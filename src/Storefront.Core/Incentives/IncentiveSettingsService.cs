using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;

namespace Storefront.Core.Incentives;

/// <summary>Reads and saves the merchant's one row of incentive settings; a shop that never saved them has every incentive off.</summary>
public sealed class IncentiveSettingsService(StorefrontDbContext db, TimeProvider clock)
{
    public const int MaxValidDays = 3650;
    public const int MaxApologyAfterDays = 365;
    public const long MaxAmount = 100_000_00;

    // Read by every placement: compiled once rather than built and looked up in EF's cache each time.
    private static readonly CompiledQuery<Func<StorefrontDbContext, CancellationToken, Task<IncentiveSettings?>>> Saved = new(() =>
        EF.CompileAsyncQuery((StorefrontDbContext db, CancellationToken ct) =>
            db.Set<IncentiveSettings>().AsNoTracking().FirstOrDefault(s => s.Id == IncentiveSettings.SingletonId)));

    public async Task<IncentiveSettings> GetAsync(CancellationToken ct = default) =>
        await Saved.For(db)(db, ct) ?? new IncentiveSettings();

    /// <summary>The problems with <paramref name="settings"/>, in words staff can act on; empty when they can be saved.</summary>
    public static List<string> Validate(IncentiveSettings settings)
    {
        var errors = new List<string>();
        if (settings.NextPurchaseEnabled)
        {
            errors.AddRange(ValidateDiscount("next-purchase code", settings.NextPurchaseKind, settings.NextPurchaseValue, settings.NextPurchaseValidDays));
        }
        if (settings.ApologyEnabled)
        {
            errors.AddRange(ValidateDiscount("apology code", settings.ApologyKind, settings.ApologyValue, settings.ApologyValidDays));
            if (settings.ApologyAfterDays is < 0 or > MaxApologyAfterDays)
            {
                errors.Add($"The delay before an apology code must be between 0 and {MaxApologyAfterDays} days.");
            }
        }
        return errors;
    }

    private static IEnumerable<string> ValidateDiscount(string name, DiscountKind kind, long value, int validDays)
    {
        if (kind == DiscountKind.Percent && value is < 1 or > 100)
        {
            yield return $"The {name} percentage must be between 1 and 100.";
        }
        if (kind == DiscountKind.Amount && value is < 1 or > MaxAmount)
        {
            yield return $"The {name} amount must be more than zero and at most {MaxAmount / 100:N0}.";
        }
        if (validDays is < 1 or > MaxValidDays)
        {
            yield return $"The {name} must stay valid between 1 and {MaxValidDays} days.";
        }
    }

    /// <summary>Saves the settings (insert or update the one row); returns the validation errors, nothing saved if any.</summary>
    public async Task<IReadOnlyList<string>> SaveAsync(IncentiveSettings settings, string actor, CancellationToken ct = default)
    {
        var errors = Validate(settings);
        if (errors.Count > 0)
        {
            return errors;
        }
        var row = await db.Set<IncentiveSettings>().FirstOrDefaultAsync(s => s.Id == IncentiveSettings.SingletonId, ct);
        if (row is null)
        {
            row = new IncentiveSettings();
            db.Add(row);
        }
        row.FreeShippingOnBackorders = settings.FreeShippingOnBackorders;
        row.NextPurchaseEnabled = settings.NextPurchaseEnabled;
        row.NextPurchaseKind = settings.NextPurchaseKind;
        row.NextPurchaseValue = settings.NextPurchaseValue;
        row.NextPurchaseValidDays = settings.NextPurchaseValidDays;
        row.ApologyEnabled = settings.ApologyEnabled;
        row.ApologyKind = settings.ApologyKind;
        row.ApologyValue = settings.ApologyValue;
        row.ApologyAfterDays = settings.ApologyAfterDays;
        row.ApologyValidDays = settings.ApologyValidDays;
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        row.UpdatedBy = actor.Length <= 256 ? actor : actor[..256];
        await db.SaveChangesAsync(ct);
        return [];
    }
}
