using System.Globalization;
using Storefront.Core.Reports;

namespace Storefront.Core.Planning;

/// <summary>One product's replenishment figures as the inventory API and the CSV give them.</summary>
public sealed record ReplenishmentItem(
    string Sku,
    string? Supplier,
    int OnHand,
    int Allocated,
    int Backordered,
    int Inbound,
    int Waitlist,
    double DailyDemand,
    double LeadTimeDays,
    int SafetyStock,
    int ReorderPoint,
    int SuggestedQuantity,
    double? DaysOfCover,
    string Status)
{
    public const string CsvHeader = "sku,supplier,onHand,allocated,backordered,inbound,waitlist,dailyDemand,leadTimeDays,safetyStock,reorderPoint,suggestedQuantity,daysOfCover,status";

    public static ReplenishmentItem From(ReplenishmentRow r) => new(
        r.Sku, r.SupplierName, r.Input.OnHand, r.Input.Allocated, r.Input.Backordered, r.Input.Inbound, r.Input.Waitlist,
        Math.Round(r.Plan.DailyDemand, 3), Math.Round(r.Plan.LeadTimeDays, 1), r.Plan.SafetyStock, r.Plan.ReorderPoint, r.Plan.SuggestedQuantity,
        r.Plan.DaysOfCover is { } c ? Math.Round(c, 1) : null, r.Plan.Status.ToString());

    /// <summary>One CSV line, with its line break; numbers in the invariant culture, text fields escaped like every CSV the store writes.</summary>
    public string CsvLine()
    {
        var c = CultureInfo.InvariantCulture;
        string[] fields =
        [
            Sku, Supplier ?? "", OnHand.ToString(c), Allocated.ToString(c), Backordered.ToString(c), Inbound.ToString(c), Waitlist.ToString(c),
            DailyDemand.ToString("0.###", c), LeadTimeDays.ToString("0.#", c), SafetyStock.ToString(c), ReorderPoint.ToString(c),
            SuggestedQuantity.ToString(c), DaysOfCover?.ToString("0.#", c) ?? "", Status,
        ];
        return string.Join(',', fields.Select(BackorderReport.Escape)) + "\r\n";
    }
}
