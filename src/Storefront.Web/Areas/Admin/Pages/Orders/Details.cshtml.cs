using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;
using Storefront.Core.Inventory;
using Storefront.Core.Orders;
using Storefront.Core.Payments;
using Storefront.Core.Shipping;

namespace Storefront.Web.Areas.Admin.Pages.Orders;

public class DetailsModel(StorefrontDbContext db, ShippingService shipping, BackorderCancellation cancellation, PaymentRefunds refunds, TimeProvider clock, QueueControl queue) : PageModel
{
    public Order Order { get; private set; } = null!;

    public IReadOnlyList<Payment> Payments { get; private set; } = [];

    public IReadOnlyList<Refund> Refunds { get; private set; } = [];

    public IReadOnlyList<Shipment> Shipments { get; private set; } = [];

    /// <summary>Every ETA change of the order's backorder lines, oldest first, with the staff detail.</summary>
    public IReadOnlyList<EtaChange> EtaHistory { get; private set; } = [];

    /// <summary>The order line a backorder line belongs to.</summary>
    public int OrderLineOf(int backorderLineId) =>
        Order.Lines.FirstOrDefault(l => l.Backorders.Any(b => b.Id == backorderLineId))?.Id ?? 0;
    /// <summary>What cancelling each open backorder would refund, by backorder line id (shipping included when nothing would be left to ship).</summary>
    public IReadOnlyDictionary<int, CancellationQuote> Quotes { get; private set; } = new Dictionary<int, CancellationQuote>();

    /// <summary>When the order's one parcel ships by (the customer's choice, or a pre-order's release); null when split or nothing waits.</summary>
    public DateOnly? OneParcelBy { get; private set; }

    /// <summary>The customer chose one parcel and part of the order still waits: shipping now needs an override with a reason.</summary>
    public bool HeldForTheRest => Parcels.HeldForTheRest(Order);

    /// <summary>A shipment that is less than the whole of a "ship together" order needs a reason; the form asks for it.</summary>
    public bool AsksForOverrideReason => Order.ShippingChoice == ShippingChoice.Together;

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public string? Problem { get; set; }

    /// <summary>Staff may cancel an unfilled backorder of a paid order, as the customer can.</summary>
    public bool CanCancel(BackorderLine backorder) => BackorderCancellation.CanCancel(Order.Status, backorder);

    /// <summary>A cancelled line of a paid order whose refund the provider has not confirmed.</summary>
    public bool RefundPending(BackorderLine backorder) =>
        BackorderCancellation.AwaitsRefund(Order.Status, backorder, Payments.Any(p => p.Status == PaymentStatus.Succeeded), Refunds.FirstOrDefault(r => r.IdempotencyKey == BackorderCancellation.RefundKeyFor(backorder.Id)));

    [BindProperty]
    public ShipInput Input { get; set; } = new();

    public sealed class ShipInput
    {
        [Required]
        public string ShipmentKey { get; set; } = "";

        [Required(ErrorMessage = "Please enter the carrier.")]
        [StringLength(ShippingService.CarrierMaxLength, ErrorMessage = "The carrier can be at most {1} characters.")]
        public string? Carrier { get; set; }

        [Required(ErrorMessage = "Please enter the tracking number.")]
        [StringLength(ShippingService.TrackingMaxLength, ErrorMessage = "The tracking number can be at most {1} characters.")]
        [Display(Name = "Tracking number")]
        public string? TrackingNumber { get; set; }

        public List<ShipLineInput> Lines { get; set; } = [];

        /// <summary>Why part of an order whose customer chose one parcel ships now; recorded on the shipment.</summary>
        [StringLength(ShippingService.OverrideReasonMaxLength, ErrorMessage = "The reason for the override can be at most {1} characters.")]
        [Display(Name = "Reason for shipping part now")]
        public string? OverrideReason { get; set; }
    }

    public sealed class ShipLineInput
    {
        public int OrderLineId { get; set; }

        [Range(0, 100_000, ErrorMessage = "Each quantity to ship must be a whole number from 0 up to the units allocated to its line.")]
        public int Quantity { get; set; }
    }

    public bool CanShip => Order.Status is OrderStatus.Paid or OrderStatus.PartiallyShipped
        && Order.Lines.Any(l => l.AllocatedQuantity > 0);

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct)
    {
        if (!await LoadAsync(number, ct))
        {
            return NotFound();
        }
        Input = new ShipInput
        {
            ShipmentKey = ShippingService.NewShipmentKey(),
            Lines = [.. Order.Lines.Where(l => l.AllocatedQuantity > 0)
                .Select(l => new ShipLineInput { OrderLineId = l.Id, Quantity = l.AllocatedQuantity })],
        };
        return Page();
    }

    public async Task<IActionResult> OnPostShipAsync(string number, CancellationToken ct)
    {
        if (!await LoadAsync(number, ct))
        {
            return NotFound();
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var result = await shipping.ShipAsync(new ShipRequest(
            Order.Id,
            Input.ShipmentKey,
            Input.Carrier ?? "",
            Input.TrackingNumber ?? "",
            User.Identity?.Name ?? "",
            [.. Input.Lines.Select(l => new ShipLineRequest(l.OrderLineId, l.Quantity))],
            Input.OverrideReason), ct);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(string.Empty, error);
            }
            return Page();
        }
        var units = result.Shipment!.Lines.Sum(l => l.Quantity);
        Message = result.Outcome == ShipOutcome.AlreadyShipped
            ? $"This shipment was already recorded ({result.Shipment.Carrier} {result.Shipment.TrackingNumber}); nothing shipped twice."
            : $"Shipped {units} unit{(units == 1 ? "" : "s")} with {result.Shipment.Carrier}, tracking {result.Shipment.TrackingNumber}."
                + (result.Shipment.OverrideReason is { } why ? $" Overrode the customer's choice to ship together: {why}" : "");
        return RedirectToPage(new { number });
    }

    /// <summary>Cancels the open part of a backorder line and refunds it; the staff member is recorded as the actor.</summary>
    /// <summary>Pins a backorder line to the front of its queue, holds it aside, or undoes either; a reason is required and kept.</summary>
    public async Task<IActionResult> OnPostQueueAsync(string number, int backorderId, string? move, string? reason, CancellationToken ct)
    {
        var orderId = await db.Orders.AsNoTracking().Where(o => o.Number == number).Select(o => (int?)o.Id).FirstOrDefaultAsync(ct);
        if (orderId is null || !await db.BackorderLines.AnyAsync(b => b.Id == backorderId && b.OrderId == orderId, ct))
        {
            return NotFound();
        }
        if (!Enum.TryParse<QueueMove>(move, ignoreCase: true, out var what) || !Enum.IsDefined(what))
        {
            return BadRequest();
        }
        var outcome = await queue.MoveAsync(backorderId, what, reason, "Staff " + (User.Identity?.Name ?? "unknown"), ct);
        (Message, Problem) = outcome switch
        {
            QueueControlOutcome.Moved => ((string?)$"Backorder {what switch { QueueMove.Pin => "pinned to the front of its queue", QueueMove.Unpin => "unpinned", QueueMove.Hold => "held: the fill skips it until released", _ => "released back to its place in the queue" }}. Customers whose ETA moved are emailed.", (string?)null),
            QueueControlOutcome.ReasonRequired => (null, QueueControl.ValidateReason(reason)),
            QueueControlOutcome.NotFound => (null, "That backorder line does not exist."),
            _ => (null, "Nothing changed: the line is no longer open, or already in that state."),
        };
        return RedirectToPage(new { number });
    }

    public async Task<IActionResult> OnPostCancelBackorderAsync(string number, int backorderId, int units, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().Where(o => o.Number == number).Select(o => new { o.Id }).FirstOrDefaultAsync(ct);
        if (order is null)
        {
            return NotFound();
        }
        if (units <= 0)
        {
            // A missing, negative or non-numeric count is not "cancel everything": nothing changes.
            Problem = "Enter how many backordered units to cancel (1 or more); nothing was cancelled.";
            return RedirectToPage(new { number });
        }
        var result = await cancellation.CancelAsync(order.Id, backorderId, units, "Staff " + (User.Identity?.Name ?? "unknown"), ct);
        switch (result.Outcome)
        {
            case CancellationOutcome.NotFound:
                return NotFound();
            case CancellationOutcome.Cancelled when result.Refund is { Confirmed: true } refund:
                Message = $"Cancelled {result.Units} backordered unit{(result.Units == 1 ? "" : "s")} and refunded {refund.Amount}. The customer is emailed.";
                break;
            case CancellationOutcome.Cancelled:
                Problem = $"Cancelled {result.Units} backordered unit{(result.Units == 1 ? "" : "s")}, but the refund{(result.Refund is { } r ? " of " + r.Amount : "")} was not confirmed by the provider{(result.Refund?.Error is { } e ? ": " + e : "")}. Retry it below; it will not be paid twice.";
                break;
            case CancellationOutcome.AlreadyCancelled:
                Problem = "That backorder was already cancelled; nothing changed.";
                break;
            case CancellationOutcome.QuantityChanged:
                // Arrivals only shrink what is open: a number above what the line ever held was never on the page.
                var held = await db.BackorderLines.AsNoTracking().Where(b => b.Id == backorderId)
                    .Select(b => b.OriginalQuantity - b.CancelledQuantity).FirstOrDefaultAsync(ct);
                Problem = units > held
                    ? $"That backorder has {result.Units} open unit{(result.Units == 1 ? "" : "s")}, not {units}; nothing was cancelled. Check the amount and cancel again."
                    : $"Units arrived for that backorder since the page loaded; {result.Units} remain open. Check the amount and cancel again.";
                break;
            case CancellationOutcome.NotCancellable:
                Problem = "That backorder is filled; there is nothing left to cancel.";
                break;
        }
        return RedirectToPage(new { number });
    }

    public async Task<IActionResult> OnPostRetryRefundAsync(string number, int backorderId, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().Where(o => o.Number == number).Select(o => new { o.Id }).FirstOrDefaultAsync(ct);
        if (order is null)
        {
            return NotFound();
        }
        var refund = await cancellation.RefundAsync(order.Id, backorderId, ct);
        if (refund is null)
        {
            return NotFound();
        }
        if (refund.Confirmed)
        {
            Message = $"Refund of {refund.Amount} confirmed by the provider.";
        }
        else
        {
            Problem = $"The provider still did not confirm the refund of {refund.Amount}{(refund.Error is { } e ? ": " + e : "")}.";
        }
        return RedirectToPage(new { number });
    }

    /// <summary>Retries any refund of this order the provider has not confirmed (a late payment's, a cancellation's).</summary>
    public async Task<IActionResult> OnPostRetryRefundByIdAsync(string number, int refundId, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().Where(o => o.Number == number).Select(o => new { o.Id }).FirstOrDefaultAsync(ct);
        if (order is null || !await db.Refunds.AnyAsync(r => r.Id == refundId && r.OrderId == order.Id, ct))
        {
            return NotFound();
        }
        var outcome = await refunds.RetryAsync(refundId, ct);
        if (outcome is { Succeeded: true })
        {
            Message = "Refund confirmed by the provider.";
        }
        else
        {
            Problem = $"The provider still did not confirm the refund{(outcome?.Error is { } e ? ": " + e : "")}. It will not be paid twice.";
        }
        return RedirectToPage(new { number });
    }

    private async Task<bool> LoadAsync(string number, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().AsSplitQuery()
            .Include(o => o.Lines.OrderBy(l => l.ProductId)).ThenInclude(l => l.Backorders).ThenInclude(b => b.Events)
            .FirstOrDefaultAsync(o => o.Number == number, ct);
        if (order is null)
        {
            return false;
        }
        Order = order;
        OneParcelBy = Parcels.OneParcelBy(order, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        Payments = await db.Payments.AsNoTracking().Where(p => p.OrderId == order.Id).OrderBy(p => p.CreatedAt).ToListAsync(ct);
        Refunds = await db.Refunds.AsNoTracking().Where(r => r.OrderId == order.Id).OrderBy(r => r.CreatedAt).ToListAsync(ct);
        Shipments = await db.Shipments.AsNoTracking().Include(s => s.Lines)
            .Where(s => s.OrderId == order.Id).OrderBy(s => s.ShippedAt).ThenBy(s => s.Id).ToListAsync(ct);
        var backorderIds = order.Lines.SelectMany(l => l.Backorders).Select(b => b.Id).ToList();
        EtaHistory = backorderIds.Count == 0 ? []
            : await db.EtaChanges.AsNoTracking().Where(c => backorderIds.Contains(c.BackorderLineId))
                .OrderBy(c => c.ChangedAt).ThenBy(c => c.Id).ToListAsync(ct);
        var quotes = new Dictionary<int, CancellationQuote>();
        foreach (var backorder in order.Lines.SelectMany(l => l.Backorders).Where(b => BackorderCancellation.CanCancel(order.Status, b)))
        {
            if (await cancellation.QuoteAsync(order.Id, backorder.Id, ct) is { } quote)
            {
                quotes[backorder.Id] = quote;
            }
        }
        Quotes = quotes;
        return true;
    }
}
