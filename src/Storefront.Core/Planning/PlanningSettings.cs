namespace Storefront.Core.Planning;

/// <summary>
/// The merchant's planning choices, one row (Id = 1) edited at /Admin/Replenishment/Settings. A shop
/// that never saved them plans with these defaults.
/// </summary>
public class PlanningSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    /// <summary>Chance, in percent, that stock lasts through a lead time (sets the safety stock).</summary>
    public decimal ServiceLevelPercent { get; set; } = 95m;

    /// <summary>Share, in percent, of confirmed back-in-stock subscribers expected to buy.</summary>
    public decimal WaitlistConversionPercent { get; set; } = 10m;

    /// <summary>Days between two looks at the plan: each order covers them beyond the reorder point.</summary>
    public int ReviewPeriodDays { get; set; } = 14;

    /// <summary>Lead time for a product whose supplier has no received delivery and no stated lead time.</summary>
    public int DefaultLeadTimeDays { get; set; } = 14;

    /// <summary>More days of cover than this is excess stock.</summary>
    public int ExcessCoverDays { get; set; } = 180;

    public DateTime? UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }

    /// <summary>The problems with these settings, in words staff can act on; empty when they can be saved.</summary>
    public List<string> Validate()
    {
        var errors = new List<string>();
        if (ServiceLevelPercent is < 50m or > 99.9m)
        {
            errors.Add("The service level must be between 50 and 99.9 percent.");
        }
        if (WaitlistConversionPercent is < 0m or > 100m)
        {
            errors.Add("The waitlist conversion must be between 0 and 100 percent.");
        }
        if (ReviewPeriodDays is < 1 or > 365)
        {
            errors.Add("The review period must be between 1 and 365 days.");
        }
        if (DefaultLeadTimeDays is < 1 or > Suppliers.Supplier.MaxLeadTimeDays)
        {
            errors.Add($"The default lead time must be between 1 and {Suppliers.Supplier.MaxLeadTimeDays} days.");
        }
        if (ExcessCoverDays is < 7 or > 3650)
        {
            errors.Add("Excess cover must be between 7 and 3650 days.");
        }
        return errors;
    }
}
