using System.Net;
using System.Text;
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
            return (Name: $"{line.Quantity} × {line.ProductName}", Detail: string.Join("; ", parts), Total: line.LineTotal.ToString());
        }).ToList();
        var plan = AvailabilityText.ShippingPlan(order.ShippingChoice, oneParcelBy);
        var total = new Money(charged, order.Currency).ToString();
        var anyBackorder = order.Lines.Any(l => l.BackorderedQuantity > 0 && !l.IsPreOrder);
        var anyPreOrder = order.Lines.Any(l => l.IsPreOrder);
        const string PreOrderNote = "Pre-orders ship from their release day, by the date shown. We'll email you if that date changes.";

        var text = new StringBuilder()
            .AppendLine($"Thank you for your order {order.Number} at {_store.Name}.")
            .AppendLine();
        foreach (var row in rows)
        {
            text.AppendLine($"- {row.Name} ({row.Total}): {row.Detail}");
        }
        text.AppendLine().AppendLine($"Amount charged: {total}");
        if (plan is not null)
        {
            text.AppendLine().AppendLine(plan);
        }
        if (anyBackorder)
        {
            text.AppendLine().AppendLine("Backordered items ship by the date shown. We'll email you if that date changes, and you can cancel them for a full refund any time before they ship.");
        }
        if (anyPreOrder)
        {
            text.AppendLine().AppendLine(PreOrderNote);
        }
        if (incentiveNote is not null)
        {
            text.AppendLine().AppendLine(incentiveNote);
        }
        text.AppendLine().AppendLine($"Your order: {url}");

        var html = new StringBuilder()
            .Append(Header())
            .Append($"<h1 style=\"font-size:20px\">Thank you for your order {E(order.Number)}</h1>")
            .Append("<table style=\"border-collapse:collapse;width:100%\">");
        foreach (var row in rows)
        {
            html.Append($"<tr><td style=\"padding:6px 0;border-bottom:1px solid #ddd\"><strong>{E(row.Name)}</strong><br><span style=\"color:#555\">{E(row.Detail)}</span></td><td style=\"text-align:right;border-bottom:1px solid #ddd\">{E(row.Total)}</td></tr>");
        }
        html.Append($"<tr><td style=\"padding:6px 0\"><strong>Amount charged</strong></td><td style=\"text-align:right\"><strong>{E(total)}</strong></td></tr></table>");
        if (plan is not null)
        {
            html.Append($"<p>{E(plan)}</p>");
        }
        if (anyPreOrder)
        {
            html.Append($"<p>{E(PreOrderNote)}</p>");
        }
        if (anyBackorder)
        {
            html.Append("<p>Backordered items ship by the date shown. We'll email you if that date changes, and you can cancel them for a full refund any time before they ship.</p>");
        }
        if (incentiveNote is not null)
        {
            html.Append($"<p><strong>{E(incentiveNote)}</strong></p>");
        }
        html.Append($"<p><a href=\"{E(url)}\">View your order</a></p>").Append(Footer());
        return new MailContent($"Your {_store.Name} order {order.Number} is confirmed", html.ToString(), text.ToString());
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
            mail.Items([(Item(ask.Quantity, ask.ProductName) + " — " + ask.UnitPrice + " each", label + when + (ask.Reason is { } r ? " — " + r : ""))]);
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
            mail.Items(others.Select(m => (Item(m.Quantity, m.ProductName),
                (m.ReleaseDate is { } release ? AvailabilityText.PreOrder(release) + "; " : "")
                + $"was {DateText.ForPeople(m.OldEta)}, now {DateText.ForPeople(m.NewEta)} ({Shift(m.NewEta.DayNumber - m.OldEta.DayNumber)}) — {m.Reason}")));
        }
        if (AvailabilityText.ShippingPlan(ShippingChoice.Together, oneParcelBy) is { } plan && oneParcelBy is not null)
        {
            mail.Paragraph(plan);
        }
        if (shipsTo is not null)
        {
            mail.Facts([("Ships to", shipsTo)]);
        }
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
    public MailContent DelayReminder(string orderNumber, IReadOnlyList<DelayAsk> asks)
    {
        var by = asks.Where(a => a.Deadline is not null).Select(a => a.Deadline!.Value).DefaultIfEmpty(clock.GetUtcNow().UtcDateTime).Min();
        var mail = Layout()
            .Heading("Do you still want your delayed items?")
            .Paragraph($"We haven't heard from you about the delay to your order {orderNumber}. Please tell us by {DateText.ForPeople(DateOnly.FromDateTime(by))} whether to keep these items; if we don't hear from you by then, we'll cancel them and refund you in full.")
            .Button("View your order", links.OrderUrl(orderNumber));
        foreach (var ask in asks)
        {
            mail.Items([(Item(ask.Quantity, ask.ProductName) + " — " + ask.UnitPrice + " each",
                ask.Eta is { } eta ? $"now expected to ship by {DateText.ForPeople(eta)}" : "no new date yet")]);
            mail.Button("Keep my order", links.DelayAnswerUrl(orderNumber, ask.BackorderLineId, DelayAnswer.Keep));
            mail.Button("Cancel for a full refund", links.DelayAnswerUrl(orderNumber, ask.BackorderLineId, DelayAnswer.Cancel), primary: false);
        }
        return mail.Build($"Reminder: please reply about your delayed {_store.Name} order {orderNumber}");
    }

    /// <summary>
    /// Stock arrived for backordered items: they are set aside for the customer and ship soon, or with
    /// the rest of an order shipped in one parcel (<paramref name="oneParcelBy"/>), or on a pre-order's
    /// release day.
    /// </summary>
    public MailContent BackorderFilled(string orderNumber, IReadOnlyList<OrderItem> filled, DateOnly? oneParcelBy = null)
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
            .Items(filled.Select(i => (Item(i.Quantity, i.ProductName), Detail(i))))
            .Link("View your order", url)
            .Build(oneParcelBy is null && !beforeRelease
                ? $"Your {kind} items from {_store.Name} order {orderNumber} ship soon"
                : $"Your {kind} items from {_store.Name} order {orderNumber} have arrived");
    }

    /// <summary>A parcel left: carrier, tracking number, what is in it and what still waits.</summary>
    /// <param name="trackingUrl">The carrier's tracking page for the parcel (<see cref="CarrierTracking"/>); null for a carrier with none.</param>
    public MailContent Shipped(string orderNumber, string carrier, string trackingNumber, IReadOnlyList<OrderItem> shipped,
        IReadOnlyList<WaitingItem> stillToCome, string? trackingUrl = null)
    {
        var url = links.OrderUrl(orderNumber);
        var mail = Layout()
            .Heading("Your order is on its way")
            .Paragraph($"We've shipped items from your order {orderNumber}.")
            .Facts([("Carrier", carrier), ("Tracking number", trackingNumber)]);
        if (trackingUrl is not null)
        {
            mail.Button("Track your parcel", trackingUrl);
        }
        mail
            .Paragraph("In this parcel:")
            .Items(shipped.Select(i => (Item(i.Quantity, i.ProductName), "shipped")));
        if (stillToCome.Count > 0)
        {
            mail.Paragraph("Still to come (we'll email you when they ship):")
                .Items(stillToCome.Select(w => (Item(w.Quantity, w.ProductName),
                    AvailabilityText.StillToCome(w.Eta, w.ReleaseDate))));
        }
        return mail.Link("View your order", url)
            .Build($"Your {_store.Name} order {orderNumber} has shipped");
    }

    /// <summary>A periodic update for a long wait: every open backorder line, its ETA and how long it has waited.</summary>
    public MailContent StillOnItsWay(string orderNumber, DateTime placedAt, IReadOnlyList<WaitingItem> open, DateTime now)
    {
        var url = links.OrderUrl(orderNumber);
        var waited = Days(Math.Max(0, DateOnly.FromDateTime(now).DayNumber - DateOnly.FromDateTime(placedAt).DayNumber));
        var allPreOrders = open.All(w => w.ReleaseDate is not null);
        var anyPreOrder = open.Any(w => w.ReleaseDate is not null);
        var (what, state) = allPreOrders ? ("pre-order", "on pre-order") : anyPreOrder ? ("order", "on their way") : ("backorder", "on backorder");
        return Layout()
            .Heading($"Your {what} is still on its way")
            .Paragraph($"We haven't forgotten you. You ordered these items on {DateText.ForPeople(DateOnly.FromDateTime(placedAt))} ({waited} ago), and they are still {state}. Here is where they stand:")
            .Items(open.Select(w => (Item(w.Quantity, w.ProductName),
                (w.ReleaseDate is { } release ? AvailabilityText.PreOrder(release) + "; " : "")
                + (w.Eta is { } eta ? $"expected to ship by {DateText.ForPeople(eta)}; waiting for {waited}" : $"waiting for {waited}"))))
            .Paragraph("Thank you for your patience. We'll email you as soon as they ship, or if the date changes.")
            .Link($"Open your order to cancel the {(allPreOrders ? "pre-ordered" : "backordered")} items for a full refund", url)
            .Build($"Your {_store.Name} order {orderNumber} is still on its way");
    }

    /// <summary>The answer to "find my order": the order's signed link, for whoever reads the mailbox it was placed with.</summary>
    public MailContent OrderLink(string orderNumber) => Layout()
        .Heading($"Your order {orderNumber}")
        .Paragraph($"Someone (hopefully you) asked for the link to your {_store.Name} order {orderNumber}. It shows where every item stands, and lets you cancel backordered items before they ship.")
        .Link("Open your order", links.OrderUrl(orderNumber))
        .Paragraph("If it wasn't you, ignore this email: only this mailbox has the link.")
        .Build($"Your {_store.Name} order {orderNumber}");

    /// <summary>The layout every customer email shares (store name on top, address at the foot).</summary>
    public MailLayout Layout() => new(_store.Name, _store.BaseUrl);

    private static string Item(int quantity, string productName) => $"{quantity} × {productName}";

    private static string Days(int n) => n == 1 ? "1 day" : $"{n} days";

    private static string Shift(int days) => days switch
    {
        > 0 => Days(days) + " later",
        < 0 => Days(-days) + " sooner",
        _ => "unchanged",
    };

    private string Header() => $"<div style=\"font-family:Helvetica,Arial,sans-serif;max-width:600px;margin:auto\"><p style=\"font-size:18px;font-weight:bold\">{E(_store.Name)}</p>";

    private string Footer() => $"<p style=\"color:#777;font-size:12px\">{E(_store.Name)} · <a href=\"{E(_store.BaseUrl)}\">{E(_store.BaseUrl)}</a></p></div>";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}

/// <summary>A backorder line whose ETA moved, with the customer-facing reason (<see cref="Etas.EtaChangeWords"/>); <see cref="ReleaseDate"/> is set for a pre-order.</summary>
public sealed record EtaMove(string ProductName, int Quantity, DateOnly OldEta, DateOnly NewEta, string Reason, DateOnly? ReleaseDate = null, int? BackorderLineId = null);

/// <summary>Units of one product in a message.</summary>
/// <param name="ReleaseDate">Set for a pre-order: its release day.</param>
public sealed record OrderItem(string ProductName, int Quantity, DateOnly? ReleaseDate = null);

/// <summary>Units not shipped yet; <see cref="Eta"/> is set for backordered units, <see cref="ReleaseDate"/> for pre-orders.</summary>
public sealed record WaitingItem(string ProductName, int Quantity, DateOnly? Eta, DateOnly? ReleaseDate = null);
