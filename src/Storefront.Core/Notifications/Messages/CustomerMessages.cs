using Microsoft.Extensions.Options;
using Storefront.Core.Availability;
using Storefront.Core.Common;
using Storefront.Core.Orders;
using Storefront.Core.Orders.Delays;
using Storefront.Core.Shipping;

namespace Storefront.Core.Notifications;

/// <summary>Links customers follow from their emails; the web app signs them so guests need no account.</summary>
public interface IOrderLinks
{
    string OrderUrl(string orderNumber);

    /// <summary>
    /// A signed, expiring link to answer a delay of one backorder line ("keep" or "cancel"); it opens
    /// a confirmation page under /Orders/ and only that page's POST acts.
    /// </summary>
    string DelayAnswerUrl(string orderNumber, int backorderLineId, DelayAnswer answer);
}

/// <summary>The two answers to a delay.</summary>
public enum DelayAnswer
{
    Keep,
    Cancel,
}

/// <summary>Renders the customer emails, each as HTML and plain text with the store's name and links back.</summary>
public sealed class CustomerMessages(IOptions<StoreOptions> options, IOrderLinks links, TimeProvider clock)
{
    private readonly StoreOptions _store = options.Value;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public MailContent OrderConfirmed(Order order, long charged, string? incentiveNote = null)
    {
        var url = links.OrderUrl(order.Number);
        var oneParcelBy = Parcels.OneParcelBy(order, Today);
        var rows = order.Lines.Select(line =>
        {
            var shipNow = line.AllocatedQuantity + line.ShippedQuantity;
            var parts = new List<string>();
            if (shipNow > 0)
            {
                parts.Add(AvailabilityText.OnTheShelf(line, shipNow, oneParcelBy));
            }
            parts.AddRange(line.Backorders.Where(b => b.Status == BackorderStatus.Open)
                .Select(b => AvailabilityText.Waiting(line, b, oneParcelBy, email: true)));
            return (Name: $"{line.Quantity} × {line.ProductName}", Detail: string.Join("; ", parts), Total: line.LineTotal);
        }).ToList();
        var plan = AvailabilityText.ShippingPlan(order.ShippingChoice, oneParcelBy);
        var total = new Money(charged, order.Currency);
        var anyBackorder = order.Lines.Any(l => l.BackorderedQuantity > 0 && !l.IsPreOrder);
        var anyPreOrder = order.Lines.Any(l => l.IsPreOrder);
        const string PreOrderNote = "Pre-orders ship from their release day, by the date shown. We'll email you if that date changes.";

        var mail = Layout()
            .Heading($"Thank you for your order {order.Number}")
            .Button("View your order", url)
            .PricedItems(rows.Select(r => (r.Name, r.Detail, (Money?)r.Total)), ("Amount charged", total));
        if (plan is not null)
        {
            mail.Paragraph(plan);
        }
        if (anyBackorder)
        {
            mail.Paragraph("Backordered items ship by the date shown. We'll email you if that date changes, and you can cancel them for a full refund any time before they ship.");
        }
        if (anyPreOrder)
        {
            mail.Paragraph(PreOrderNote);
        }
        if (incentiveNote is not null)
        {
            mail.Paragraph(incentiveNote);
        }
        return mail.ShipsTo(MailLayout.Address(order)).Build($"Your {_store.Name} order {order.Number} is confirmed");
    }

    /// <summary>
    /// The ETAs of some backordered items moved. One email per order per change, listing every moved
    /// line: an apology when any is later, good news when they are all earlier. It is also the delay
    /// notice: for each delayed line (<paramref name="asks"/>) it leads with the order link and
    /// "Keep my order", with "Cancel for a full refund" second, and says by when an answer is needed.
    /// </summary>
    public MailContent EtaChanged(string orderNumber, IReadOnlyList<EtaMove> moves, DateOnly? oneParcelBy = null,
        IReadOnlyList<DelayAsk>? asks = null, string? shipsTo = null)
    {
        asks ??= [];
        var url = links.OrderUrl(orderNumber);
        var askedIds = asks.Select(a => a.BackorderLineId).ToHashSet();
        var later = moves.Any(m => m.NewEta > m.OldEta) || asks.Count > 0;
        var earlier = moves.Any(m => m.NewEta < m.OldEta);
        var needsAnswer = asks.Where(a => a.NeedsAnswer).ToList();
        // Pre-orders stay pre-orders: an email about them only never calls them backordered.
        var kind = moves.Count > 0 && moves.All(m => m.ReleaseDate is not null) ? "pre-ordered items"
            : moves.Any(m => m.ReleaseDate is not null) ? "items still to come" : "backordered items";
        var subject = needsAnswer.Count > 0
            ? $"Please reply: your {_store.Name} order {orderNumber} is delayed"
            : later
                ? $"Your {_store.Name} order {orderNumber}: a new delivery date"
                : $"Good news: your {_store.Name} order {orderNumber} ships sooner";
        var mail = Layout().Heading(needsAnswer.Count > 0 ? "Do you still want your delayed items?"
            : later ? $"Your {kind} will ship later than we said" : $"Good news: your {kind} will ship sooner");
        if (later)
        {
            mail.Paragraph($"We're sorry: some {kind} in your order {orderNumber} will ship later than the date we gave you.");
        }
        if (needsAnswer.Count > 0)
        {
            var by = needsAnswer.Min(a => a.Deadline!.Value);
            mail.Paragraph($"Please tell us by {DateText.ForPeople(DateOnly.FromDateTime(by))} whether to keep them. If we don't hear from you by then, we'll cancel the delayed items and refund you in full.");
        }
        mail.Button("View your order", url);
        foreach (var ask in asks)
        {
            var move = moves.FirstOrDefault(m => m.BackorderLineId == ask.BackorderLineId);
            var when = move is not null
                ? $"was {DateText.ForPeople(move.OldEta)}, now {DateText.ForPeople(move.NewEta)} ({Shift(move.NewEta.DayNumber - move.OldEta.DayNumber)})"
                : ask.Eta is { } eta ? $"now expected to ship by {DateText.ForPeople(eta)}" : "no new date yet";
            var label = move?.ReleaseDate is { } release ? AvailabilityText.PreOrder(release) + "; " : "";
            mail.PricedItems([(Item(ask.Quantity, ask.ProductName), label + when + (ask.Reason is { } r ? " — " + r : ""), Price(ask.UnitPrice, ask.Quantity))]);
            mail.Paragraph(ask.NeedsAnswer
                ? $"Tell us by {DateText.ForPeople(DateOnly.FromDateTime(ask.Deadline!.Value))}:"
                : "There's nothing you need to do: we'll keep it for you. You can still cancel any time before it ships.");
            mail.Button("Keep my order", links.DelayAnswerUrl(orderNumber, ask.BackorderLineId, DelayAnswer.Keep));
            mail.Button("Cancel for a full refund", links.DelayAnswerUrl(orderNumber, ask.BackorderLineId, DelayAnswer.Cancel), primary: false);
        }
        var others = moves.Where(m => m.BackorderLineId is not { } id || !askedIds.Contains(id)).ToList();
        if (earlier && others.Count > 0)
        {
            mail.Paragraph(later
                ? "Good news for the rest: some items will ship sooner."
                : $"Good news: the {kind} in your order {orderNumber} are now expected sooner than the date we gave you.");
        }
        if (others.Count > 0)
        {
            mail.PricedItems(others.Select(m => (Item(m.Quantity, m.ProductName),
                (m.ReleaseDate is { } release ? AvailabilityText.PreOrder(release) + "; " : "")
                + $"was {DateText.ForPeople(m.OldEta)}, now {DateText.ForPeople(m.NewEta)} ({Shift(m.NewEta.DayNumber - m.OldEta.DayNumber)}) — {m.Reason}",
                Price(m.UnitPrice, m.Quantity))));
        }
        if (AvailabilityText.ShippingPlan(ShippingChoice.Together, oneParcelBy) is { } plan && oneParcelBy is not null)
        {
            mail.Paragraph(plan);
        }
        mail.ShipsTo(shipsTo);
        if (needsAnswer.Count == 0)
        {
            mail.Paragraph("You have already paid; there is nothing you need to do.");
        }
        if (later && asks.Count == 0)
        {
            mail.Paragraph("If the new date doesn't work for you, you can cancel: nothing ships until the items arrive.");
        }
        if (asks.Count == 0)
        {
            mail.Link($"Open your order to cancel the {kind} for a full refund", url);
        }
        return mail.Build(subject);
    }

    /// <summary>Halfway to a delay's deadline: the customer has not answered yet.</summary>
    public MailContent DelayReminder(string orderNumber, IReadOnlyList<DelayAsk> asks, string? shipsTo = null)
    {
        var by = asks.Where(a => a.Deadline is not null).Select(a => a.Deadline!.Value).DefaultIfEmpty(clock.GetUtcNow().UtcDateTime).Min();
        var mail = Layout()
            .Heading("Do you still want your delayed items?")
            .Paragraph($"We haven't heard from you about the delay to your order {orderNumber}. Please tell us by {DateText.ForPeople(DateOnly.FromDateTime(by))} whether to keep these items; if we don't hear from you by then, we'll cancel them and refund you in full.")
            .Button("View your order", links.OrderUrl(orderNumber));
        foreach (var ask in asks)
        {
            mail.PricedItems([(Item(ask.Quantity, ask.ProductName),
                ask.Eta is { } eta ? $"now expected to ship by {DateText.ForPeople(eta)}" : "no new date yet", Price(ask.UnitPrice, ask.Quantity))]);
            mail.Button("Keep my order", links.DelayAnswerUrl(orderNumber, ask.BackorderLineId, DelayAnswer.Keep));
            mail.Button("Cancel for a full refund", links.DelayAnswerUrl(orderNumber, ask.BackorderLineId, DelayAnswer.Cancel), primary: false);
        }
        return mail.ShipsTo(shipsTo).Build($"Reminder: please reply about your delayed {_store.Name} order {orderNumber}");
    }

    /// <summary>
    /// Stock arrived for backordered items: they are set aside for the customer and ship soon, or with
    /// the rest of an order shipped in one parcel (<paramref name="oneParcelBy"/>), or on a pre-order's
    /// release day.
    /// </summary>
    public MailContent BackorderFilled(string orderNumber, IReadOnlyList<OrderItem> filled, DateOnly? oneParcelBy = null, string? shipsTo = null)
    {
        var url = links.OrderUrl(orderNumber);
        var today = Today;
        var allPreOrders = filled.All(i => i.ReleaseDate is not null);
        var kind = allPreOrders ? "pre-ordered" : "backordered";
        // Nothing ships before release day: pre-orders that arrive early wait for it.
        var beforeRelease = allPreOrders && filled.All(i => i.ReleaseDate > today);
        var leaves = oneParcelBy is { } by
            ? $"They ship with the rest of your order, in one parcel by {DateText.ForPeople(by)}, and we'll email you the tracking number when it leaves our warehouse."
            : beforeRelease ? "They ship on release day, and we'll email you the tracking number when they leave our warehouse."
            : "They ship soon, and we'll email you the tracking number when they leave our warehouse.";
        string Detail(OrderItem i) =>
            (i.ReleaseDate is { } release ? AvailabilityText.PreOrder(release) + "; " : "")
            + (oneParcelBy is { } by ? $"arrived; ships with the rest of your order by {DateText.ForPeople(by)}"
                : i.ReleaseDate is { } day && day > today ? "arrived, ships on release day"
                : "in stock, ships soon");
        return Layout()
            .Heading($"Your {kind} items are in stock")
            .Paragraph($"Good news: the items you were waiting for in order {orderNumber} have arrived and are set aside for you. {leaves}")
            .Button("View your order", url)
            .PricedItems(filled.Select(i => (Item(i.Quantity, i.ProductName), Detail(i), Price(i.UnitPrice, i.Quantity))))
            .ShipsTo(shipsTo)
            .Build(oneParcelBy is null && !beforeRelease
                ? $"Your {kind} items from {_store.Name} order {orderNumber} ship soon"
                : $"Your {kind} items from {_store.Name} order {orderNumber} have arrived");
    }

    /// <summary>A parcel left: carrier, tracking number, what is in it and what still waits.</summary>
    /// <param name="trackingUrl">The carrier's tracking page for the parcel (<see cref="CarrierTracking"/>); null for a carrier with none.</param>
    public MailContent Shipped(string orderNumber, string carrier, string trackingNumber, IReadOnlyList<OrderItem> shipped,
        IReadOnlyList<WaitingItem> stillToCome, string? trackingUrl = null, string? shipsTo = null)
    {
        var url = links.OrderUrl(orderNumber);
        var mail = Layout()
            .Heading("Your order is on its way")
            .Paragraph($"We've shipped items from your order {orderNumber}.")
            .Button("View your order", url)
            .Facts([("Carrier", carrier), ("Tracking number", trackingNumber)]);
        if (trackingUrl is not null)
        {
            mail.Button("Track your parcel", trackingUrl, primary: false);
        }
        mail
            .Paragraph("In this parcel:")
            .PricedItems(shipped.Select(i => (Item(i.Quantity, i.ProductName), "shipped", Price(i.UnitPrice, i.Quantity))));
        if (stillToCome.Count > 0)
        {
            mail.Paragraph("Still to come (we'll email you when they ship):")
                .PricedItems(stillToCome.Select(w => (Item(w.Quantity, w.ProductName),
                    AvailabilityText.StillToCome(w.Eta, w.ReleaseDate), Price(w.UnitPrice, w.Quantity))));
        }
        return mail.ShipsTo(shipsTo)
            .Build($"Your {_store.Name} order {orderNumber} has shipped");
    }

    /// <summary>A periodic update for a long wait: every open backorder line, its ETA and how long it has waited.</summary>
    public MailContent StillOnItsWay(string orderNumber, DateTime placedAt, IReadOnlyList<WaitingItem> open, DateTime now, string? shipsTo = null)
    {
        var url = links.OrderUrl(orderNumber);
        var waited = Days(Math.Max(0, DateOnly.FromDateTime(now).DayNumber - DateOnly.FromDateTime(placedAt).DayNumber));
        var allPreOrders = open.All(w => w.ReleaseDate is not null);
        var anyPreOrder = open.Any(w => w.ReleaseDate is not null);
        var (what, state) = allPreOrders ? ("pre-order", "on pre-order") : anyPreOrder ? ("order", "on their way") : ("backorder", "on backorder");
        var mail = Layout()
            .Heading($"Your {what} is still on its way")
            .Paragraph($"We haven't forgotten you. You ordered these items on {DateText.ForPeople(DateOnly.FromDateTime(placedAt))} ({waited} ago), and they are still {state}. Here is where they stand:")
            .Button("View your order", url);
        foreach (var w in open)
        {
            mail.PricedItems([(Item(w.Quantity, w.ProductName),
                (w.ReleaseDate is { } release ? AvailabilityText.PreOrder(release) + "; " : "")
                + (w.Eta is { } eta ? $"expected to ship by {DateText.ForPeople(eta)}; waiting for {waited}" : $"waiting for {waited}"),
                Price(w.UnitPrice, w.Quantity))]);
            if (w.BackorderLineId is { } id)
            {
                mail.Button("Keep my order", links.DelayAnswerUrl(orderNumber, id, DelayAnswer.Keep));
                mail.Button("Cancel for a full refund", links.DelayAnswerUrl(orderNumber, id, DelayAnswer.Cancel), primary: false);
            }
        }
        if (open.Any(w => w.BackorderLineId is null))
        {
            mail.Link($"Open your order to cancel the {(allPreOrders ? "pre-ordered" : "backordered")} items for a full refund", url);
        }
        return mail
            .Paragraph("Thank you for your patience. We'll email you as soon as they ship, or if the date changes.")
            .ShipsTo(shipsTo)
            .Build($"Your {_store.Name} order {orderNumber} is still on its way");
    }

    /// <summary>The answer to "find my order": the order's signed link, for whoever reads the mailbox it was placed with.</summary>
    public MailContent OrderLink(string orderNumber, IReadOnlyList<OrderItem>? items = null, string? shipsTo = null) => Layout()
        .Heading($"Your order {orderNumber}")
        .Paragraph($"Someone (hopefully you) asked for the link to your {_store.Name} order {orderNumber}. It shows where every item stands, and lets you cancel backordered items before they ship.")
        .Button("Open your order", links.OrderUrl(orderNumber))
        .PricedItems((items ?? []).Select(i => (Item(i.Quantity, i.ProductName), "", Price(i.UnitPrice, i.Quantity))))
        .ShipsTo(shipsTo)
        .Paragraph("If it wasn't you, ignore this email: only this mailbox has the link.")
        .Build($"Your {_store.Name} order {orderNumber}");

    /// <summary>The layout every customer email shares (store name on top, address at the foot).</summary>
    public MailLayout Layout() => new(_store);

    private static string Item(int quantity, string productName) => $"{quantity} × {productName}";

    private static Money? Price(Money? unitPrice, int quantity) => unitPrice?.Times(quantity);

    private static string Days(int n) => n == 1 ? "1 day" : $"{n} days";

    private static string Shift(int days) => days switch
    {
        > 0 => Days(days) + " later",
        < 0 => Days(-days) + " sooner",
        _ => "unchanged",
    };

}

/// <summary>A backorder line whose ETA moved, with the customer-facing reason (<see cref="Etas.EtaChangeWords"/>); <see cref="ReleaseDate"/> is set for a pre-order.</summary>
public sealed record EtaMove(string ProductName, int Quantity, DateOnly OldEta, DateOnly NewEta, string Reason, DateOnly? ReleaseDate = null, int? BackorderLineId = null,
    Money? UnitPrice = null);

/// <summary>Units of one product in a message.</summary>
/// <param name="ReleaseDate">Set for a pre-order: its release day.</param>
/// <param name="UnitPrice">What one unit cost the customer, printed as the line's price.</param>
public sealed record OrderItem(string ProductName, int Quantity, DateOnly? ReleaseDate = null, Money? UnitPrice = null);

/// <summary>Units not shipped yet; <see cref="Eta"/> is set for backordered units, <see cref="ReleaseDate"/> for pre-orders.</summary>
/// <param name="BackorderLineId">Set for an open backorder line the customer can answer about (keep or cancel).</param>
public sealed record WaitingItem(string ProductName, int Quantity, DateOnly? Eta, DateOnly? ReleaseDate = null, Money? UnitPrice = null, int? BackorderLineId = null);
