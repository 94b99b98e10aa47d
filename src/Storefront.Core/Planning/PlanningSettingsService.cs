using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;

namespace Storefront.Core.Planning;

/// <summary>Saves the merchant's one row of planning settings.</summary>
public sealed class PlanningSettingsService(StorefrontDbContext db, TimeProvider clock)
{
    /// <summary>Saves the settings (insert or update the one row); returns the validation errors, nothing saved if any.</summary>
    public async Task<IReadOnlyList<string>> SaveAsync(PlanningSettings settings, string actor, CancellationToken ct = default)
    {
        var errors = settings.Validate();
        if (errors.Count > 0)
        {
            return errors;
        }
        var row = await db.Set<PlanningSettings>().FirstOrDefaultAsync(s => s.Id == PlanningSettings.SingletonId, ct);
        if (row is null)
        {
            row = new PlanningSettings();
            db.Add(row);
        }
        row.ServiceLevelPercent = settings.ServiceLevelPercent;
        row.WaitlistConversionPercent = settings.WaitlistConversionPercent;
        row.ReviewPeriodDays = settings.ReviewPeriodDays;
        row.DefaultLeadTimeDays = settings.DefaultLeadTimeDays;
        row.ExcessCoverDays = settings.ExcessCoverDays;
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        row.UpdatedBy = actor.Length <= 256 ? actor : actor[..256];
        await db.WriteAsync(ct => db.SaveChangesAsync(ct), ct);
        return [];
    }
}
