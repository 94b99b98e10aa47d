using System.Globalization;

namespace Storefront.Core.Planning;

public enum ReplenishmentStatus
{
    /// <summary>Stock on hand and on order is at or below the reorder point: order the suggested quantity now.</summary>
    OrderNow = 0,
    Ok = 1,
    /// <summary>More days of cover than the merchant's excess threshold.</summary>
    Excess = 2,
    /// <summary>Stock on the shelf and not one unit sold in the demand window.</summary>
    NoSales = 3,
}

/// <summary>Where a lead time came from, in the order the planner falls back.</summary>
public enum LeadTimeSource
{
    /// <summary>Measured from the supplier's received deliveries (created → received).</summary>
    Measured = 0,
    /// <summary>The lead time the supplier states.</summary>
    Stated = 1,
    /// <summary>The store's default lead time.</summary>
    StoreDefault = 2,
}

/// <summary>A lead time in days, its spread between deliveries, where it came from and how many deliveries it rests on.</summary>
public sealed record LeadTime(double Days, double StdDev, LeadTimeSource Source, int Deliveries)
{
    /// <summary>
    /// The supplier's measured lead time when it has received deliveries, else its stated one, else
    /// the store default. <paramref name="measuredDays"/> are whole or fractional days from a
    /// delivery's creation to its receipt.
    /// </summary>
    public static LeadTime Choose(IReadOnlyCollection<double> measuredDays, int? statedDays, int defaultDays)
    {
        if (measuredDays.Count > 0)
        {
            var mean = measuredDays.Average();
            var spread = measuredDays.Count > 1 ? Math.Sqrt(measuredDays.Sum(d => (d - mean) * (d - mean)) / (measuredDays.Count - 1)) : 0;
            return new LeadTime(mean, spread, LeadTimeSource.Measured, measuredDays.Count);
        }
        return statedDays is { } stated and > 0
            ? new LeadTime(stated, 0, LeadTimeSource.Stated, 0)
            : new LeadTime(defaultDays, 0, LeadTimeSource.StoreDefault, 0);
    }
}

/// <summary>What the planner knows about one product.</summary>
public sealed record PlanningInput(
    int OnHand,
    int Allocated,
    int Backordered,
    int Inbound,
    int Waitlist,
    DailyDemand Demand,
    LeadTime LeadTime,
    bool Discontinued = false);

/// <summary>One product's plan: every figure the Replenishment page, its CSV and the API show.</summary>
public sealed record PlanningResult(
    double DailyDemand,
    double DemandStdDev,
    double LeadTimeDays,
    int WaitlistUnits,
    int SafetyStock,
    int DemandOverLeadTime,
    int ReorderPoint,
    int ReviewUnits,
    int Position,
    int SuggestedQuantity,
    double? DaysOfCover,
    int ExcessUnits,
    ReplenishmentStatus Status);

/// <summary>
/// The store's replenishment rule (ADR 0022), pure: safety stock for a service level from the
/// variability of demand and lead time, a reorder point, and an order that brings the stock position
/// up to the reorder point plus a review period's demand. The Replenishment page, the inventory API,
/// the dashboard and bench/planning all ask this type.
/// </summary>
public static class ReplenishmentPlanner
{
    public static PlanningResult Plan(PlanningInput p, PlanningSettings s)
    {
        var d = p.Demand.Mean;
        var l = p.LeadTime.Days;
        var z = NormalQuantile((double)s.ServiceLevelPercent / 100);
        // Demand over a lead time varies with each day's demand and with the lead time itself.
        var sigma = Math.Sqrt(l * p.Demand.StdDev * p.Demand.StdDev + d * d * p.LeadTime.StdDev * p.LeadTime.StdDev);
        var safety = Ceil(z * sigma);
        var overLead = Ceil(d * l);
        var reorderPoint = overLead + safety;
        var review = Ceil(d * s.ReviewPeriodDays);
        var waitlist = Ceil(p.Waitlist * (double)s.WaitlistConversionPercent / 100);
        // Backordered units are sold already and counted once: as units the position owes.
        var position = p.OnHand - p.Allocated + p.Inbound - p.Backordered;
        var shelf = Math.Max(0, p.OnHand - p.Allocated);
        double? cover = d > 0 ? shelf / d : null;
        var suggested = !p.Discontinued && position - waitlist <= reorderPoint
            ? Math.Max(0, reorderPoint + review + waitlist - position)
            : 0;
        var excessUnits = suggested > 0 ? 0 : ExcessUnits(shelf, d, s);
        var status = suggested > 0 ? ReplenishmentStatus.OrderNow
            : shelf > 0 && p.Demand.UnitsSold == 0 ? ReplenishmentStatus.NoSales
            : excessUnits > 0 ? ReplenishmentStatus.Excess
            : ReplenishmentStatus.Ok;
        return new PlanningResult(d, p.Demand.StdDev, l, waitlist, safety, overLead, reorderPoint, review, position, suggested, cover, excessUnits, status);
    }

    /// <summary>
    /// Units on the shelf beyond <see cref="PlanningSettings.ExcessCoverDays"/> of demand; every unit
    /// on the shelf of a product that does not sell.
    /// </summary>
    public static int ExcessUnits(int shelf, double dailyDemand, PlanningSettings s) =>
        shelf <= 0 ? 0 : dailyDemand > 0 ? Math.Max(0, shelf - Ceil(dailyDemand * s.ExcessCoverDays)) : shelf;

    /// <summary>The figures behind a plan, in words, for "why this number".</summary>
    public static IReadOnlyList<string> Explain(PlanningInput p, PlanningResult r, PlanningSettings s)
    {
        var c = CultureInfo.InvariantCulture;
        var lead = p.LeadTime.Source switch
        {
            LeadTimeSource.Measured => string.Create(c, $"measured over {p.LeadTime.Deliveries} received deliveries from this supplier (spread ±{p.LeadTime.StdDev:0.#} days)"),
            LeadTimeSource.Stated => "the supplier's stated lead time (no delivery received yet to measure)",
            _ => "the store's default (no supplier lead time known)",
        };
        var z = NormalQuantile((double)s.ServiceLevelPercent / 100);
        return
        [
            string.Create(c, $"Demand: {r.DailyDemand:0.##} units a day, a weighted average of the last {p.Demand.DaysObserved} days ({p.Demand.UnitsSold} units sold; the last {DemandModel.RecentDays} days count twice), varying by ±{r.DemandStdDev:0.##} a day."),
            string.Create(c, $"Lead time: {r.LeadTimeDays:0.#} days, {lead}."),
            string.Create(c, $"Safety stock: {r.SafetyStock} = {z:0.##} (for a {s.ServiceLevelPercent:0.#}% service level) × the spread of demand over the lead time, rounded up."),
            string.Create(c, $"Reorder point: {r.ReorderPoint} = demand over the lead time ({r.DailyDemand:0.##} × {r.LeadTimeDays:0.#} = {r.DemandOverLeadTime}, rounded up) + safety stock {r.SafetyStock}."),
            string.Create(c, $"Stock position: {r.Position} = on hand {p.OnHand} − allocated {p.Allocated} + inbound {p.Inbound} − backordered {p.Backordered}."),
            string.Create(c, $"Waitlist: {p.Waitlist} confirmed subscribers × {s.WaitlistConversionPercent:0.#}% = {r.WaitlistUnits} units."),
            r.SuggestedQuantity > 0
                ? string.Create(c, $"Order {r.SuggestedQuantity} = reorder point {r.ReorderPoint} + {s.ReviewPeriodDays} days of review ({r.ReviewUnits}) + waitlist {r.WaitlistUnits} − position {r.Position}.")
                : p.Discontinued ? "Nothing to order: the product is discontinued."
                : string.Create(c, $"Nothing to order yet: the position less the waitlist ({r.Position - r.WaitlistUnits}) is above the reorder point ({r.ReorderPoint})."),
        ];
    }

    /// <summary>
    /// The standard normal quantile (inverse cumulative distribution), Acklam's rational
    /// approximation: relative error below 1.2e-9 on (0, 1).
    /// </summary>
    public static double NormalQuantile(double p)
    {
        if (p is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "A probability strictly between 0 and 1.");
        }
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low)
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        var r = p - 0.5;
        var t = r * r;
        return (((((a[0] * t + a[1]) * t + a[2]) * t + a[3]) * t + a[4]) * t + a[5]) * r / (((((b[0] * t + b[1]) * t + b[2]) * t + b[3]) * t + b[4]) * t + 1);
    }

    // Tiny floating error (3.0000000001) must not order a whole extra unit.
    private static int Ceil(double x) => x <= 0 ? 0 : (int)Math.Min(int.MaxValue, Math.Ceiling(x - 1e-9));
}
