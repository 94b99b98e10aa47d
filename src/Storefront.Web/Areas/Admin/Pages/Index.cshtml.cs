using Microsoft.AspNetCore.Mvc.RazorPages;
using Storefront.Core.Planning;
using Storefront.Core.Reports;

namespace Storefront.Web.Areas.Admin.Pages;

/// <summary>The staff dashboard: charts drawn on the server as SVG, each with a table of the same numbers.</summary>
public class IndexModel(DashboardReport report, PlanningDashboard planning) : PageModel
{
    /// <summary>Bars shown in the backorder chart; the table below it lists every product.</summary>
    public const int ChartBars = 10;

    /// <summary>Rows of the open-backorders table; the backorder queue has every line.</summary>
    public const int TableRows = 50;

    public Dashboard Dashboard { get; private set; } = null!;

    public PlanningTiles Planning { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Dashboard = await report.LoadAsync(ct);
        Planning = await planning.LoadAsync(ct);
    }

    /// <summary>
    /// An axis maximum at or above the largest value with four gridline steps of a round size
    /// (1, 2, 3 or 5 times a power of ten), so every gridline is labelled with a whole number.
    /// </summary>
    public static int AxisMax(int largest)
    {
        var wanted = Math.Max(1, (largest + 3) / 4);
        for (var magnitude = 1; ; magnitude *= 10)
        {
            foreach (var step in new[] { 1, 2, 3, 5 })
            {
                if (step * magnitude >= wanted)
                {
                    return 4 * step * magnitude;
                }
            }
        }
    }

    /// <summary>Length of <paramref name="value"/> on an axis of <paramref name="length"/> pixels ending at <paramref name="max"/>.</summary>
    public static double Scale(double value, double max, double length) => max <= 0 ? 0 : Math.Round(value / max * length, 1);

    public static string N(double value) => value.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
}
