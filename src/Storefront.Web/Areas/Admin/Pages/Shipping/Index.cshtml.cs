using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Storefront.Core.Shipping;

namespace Storefront.Web.Areas.Admin.Pages.Shipping;

/// <summary>Ready to ship: the orders that can go out now, oldest first, shipped several at a time.</summary>
public class IndexModel(ReadyToShip ready) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public ReadyPage Ready { get; private set; } = new([], 1, ReadyToShip.PageSize, 0);

    /// <summary>A shipment key per listed order, made as the page renders: a submit repeated ships each order once.</summary>
    public IReadOnlyDictionary<int, string> NewKeys { get; private set; } = new Dictionary<int, string>();

    [BindProperty]
    public string? Carrier { get; set; }

    /// <summary>The ids of the orders ticked.</summary>
    [BindProperty]
    public List<int> Selected { get; set; } = [];

    [BindProperty]
    public Dictionary<int, string?> Keys { get; set; } = [];

    [BindProperty]
    public Dictionary<int, string?> Tracking { get; set; } = [];

    /// <summary>What the last submit did, one line per order.</summary>
    [TempData]
    public string? Shipped { get; set; }

    [TempData]
    public string? NotShipped { get; set; }

    public static IEnumerable<string> Lines(string? joined) => (joined ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Ready = await ready.PageAsync(PageNumber, ct);
        NewKeys = Ready.Orders.ToDictionary(o => o.OrderId, _ => ShippingService.NewShipmentKey());
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var selected = Selected.Distinct().ToList();
        if (selected.Count == 0)
        {
            ModelState.AddModelError(nameof(Selected), "Tick the orders to ship.");
        }
        else if (selected.Count > ReadyToShip.MaxBulk)
        {
            ModelState.AddModelError(nameof(Selected), $"Ship at most {ReadyToShip.MaxBulk} orders at once.");
        }
        if (string.IsNullOrWhiteSpace(Carrier))
        {
            ModelState.AddModelError(nameof(Carrier), "Enter the carrier.");
        }
        if (!ModelState.IsValid)
        {
            await OnGetAsync(ct);
            return Page();
        }
        var items = selected.Select(id => new BulkShipItem(id, Keys.GetValueOrDefault(id) ?? "", Tracking.GetValueOrDefault(id) ?? "")).ToList();
        var results = await ready.ShipAsync(items, Carrier ?? "", User.Identity?.Name ?? "", ct);

        Shipped = string.Join('\n', results.Where(r => r.Result.Succeeded).Select(r =>
        {
            var s = r.Result.Shipment!;
            var units = s.Lines.Sum(l => l.Quantity);
            return r.Result.Outcome == ShipOutcome.AlreadyShipped
                ? $"{r.Number}: already shipped with {s.Carrier} {s.TrackingNumber}; nothing shipped twice."
                : $"{r.Number}: shipped {units} unit{(units == 1 ? "" : "s")} with {s.Carrier}, tracking {s.TrackingNumber}.";
        }));
        NotShipped = string.Join('\n', results.Where(r => !r.Result.Succeeded).Select(r =>
            $"{(r.Number.Length > 0 ? r.Number : "An order")}: not shipped. {string.Join(" ", r.Result.Errors)}"));
        return RedirectToPage(new { p = PageNumber });
    }
}
