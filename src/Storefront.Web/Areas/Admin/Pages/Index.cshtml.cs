using Microsoft.AspNetCore.Mvc.RazorPages;
using Storefront.Core.Reports;

namespace Storefront.Web.Areas.Admin.Pages;

/// <summary>The staff dashboard: charts drawn on the server as SVG, each with a table of the same numbers.</summary>
public class IndexModel(DashboardReport report) : PageModel
{
    /// <summary>Bars shown in the backorder chart; the table below it lists every product.</summary>
    public const int ChartBars = 10;

    public Dashboard Dashboard { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Dashboard = await report.LoadAsync(ct);

    /// <summary>A "nice" axis maximum at or above the largest value, so gridlines fall on round numbers.</summary>
    public static int AxisMax(int largest)
    {
        if (largest <= 5)
        {
            return 5;
        }
        var magnitude = (int)Math.Pow(10, Math.Floor(Math.Log10(largest)));
        foreach (var step in new[] { 1, 2, 5, 10 })
        {
            if (step * magnitude >= largest)
            {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /// <summary>Length of <paramref name="value"/> on an axis of <paramref name="length"/> pixels ending at <paramref name="max"/>.</summary>
    public static double Scale(double value, double max, double length) => max <= 0 ? 0 : Math.Round(value / max * length, 1);

    public static string N(double value) => value.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
}
