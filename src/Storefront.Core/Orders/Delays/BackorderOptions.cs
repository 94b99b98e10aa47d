namespace Storefront.Core.Orders.Delays;

/// <summary>
/// When a slipped backorder needs the customer's answer, bound from the "Backorders" section. The
/// defaults follow the US FTC Mail, Internet, or Telephone Order Merchandise Rule (16 CFR 435): a
/// first delay of at most 30 days is accepted by silence; anything more needs express consent, or
/// the unshipped part is cancelled and refunded.
/// </summary>
public sealed class BackorderOptions
{
    public const string Section = "Backorders";

    /// <summary>Longest first delay, in days past the promised date, that silence accepts.</summary>
    public int SilentConsentDays { get; set; } = 30;

    /// <summary>How long a customer has to answer a delay that needs express consent (never past the date promised before it).</summary>
    public TimeSpan ConsentWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The least time a customer is given to answer, even when the previously promised date is
    /// nearer: nobody can answer a notice in the minute it is sent.
    /// </summary>
    public TimeSpan MinimumConsentWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often the store looks for reminders due and deadlines passed.</summary>
    public TimeSpan ConsentSweepInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// What shoppers are quoted for units coming on a supplier's delivery: the supplier's date
    /// (SupplierDate) or the likely date, the supplier's date plus its measured 80th-percentile lateness (LikelyDate).
    /// </summary>
    public QuotedDate QuotedDate { get; set; } = QuotedDate.SupplierDate;
}

public enum QuotedDate
{
    SupplierDate = 0,
    LikelyDate = 1,
}
