using Storefront.Core.Catalog;
using Storefront.Core.Etas;
using Storefront.Core.Orders;

namespace Storefront.Core.Checkout;

public sealed record OrderLineRequest(int ProductId, int Quantity)
{
    /// <summary>
    /// The same product on several lines is one demand: one line per product, in the order first seen,
    /// its quantity the sum, held at int's range (a form can post any number of lines of any size;
    /// the sum is then refused by the per-line maximum, never an overflow).
    /// </summary>
    public static List<OrderLineRequest> Combine(IEnumerable<OrderLineRequest> lines) =>
        [.. lines.GroupBy(l => l.ProductId)
            .Select(g => new OrderLineRequest(g.Key, (int)Math.Clamp(g.Sum(l => (long)l.Quantity), int.MinValue, int.MaxValue)))];
}

public sealed record ShippingAddress(string Name, string Line1, string? Line2, string City, string PostalCode, string Country);

/// <summary>
/// Who is checking out, for the limits on what unpaid checkouts may hold (ADR 0015): an opaque key
/// for the browser or account and one for the network address (null when unknown).
/// </summary>
public sealed record CheckoutClient(string Key, string? Address);

public sealed record PlaceOrderRequest(
    string CheckoutKey,
    string Email,
    string? UserId,
    ShippingAddress Address,
    IReadOnlyList<OrderLineRequest> Lines,
    bool BackorderTermsAccepted,
    ShippingChoice? Shipping = null,
    string? DiscountCode = null,
    CheckoutClient? Client = null,
    CheckoutSnapshot? Seen = null);

/// <summary>
/// What the checkout's preview read just before placing (the products with their stock rows and their
/// scheduled deliveries), so placing does not read them again. Both are reads outside the placing
/// transaction: its conditional stock UPDATE re-checks the shelf whichever read sized it (ADR 0018).
/// </summary>
public sealed record CheckoutSnapshot(
    IReadOnlyDictionary<int, Product> Products,
    IReadOnlyDictionary<int, IReadOnlyList<ScheduledDelivery>> Schedules)
{
    /// <summary>True when the snapshot holds every product of <paramref name="ids"/>.</summary>
    public bool Covers(IEnumerable<int> ids) => ids.All(Products.ContainsKey);
}

public enum PlaceOrderOutcome
{
    Placed,
    /// <summary>The same checkout form was submitted before; this is that order.</summary>
    AlreadyPlaced,
    Invalid,
    Refused,
}

/// <param name="ErrorField">The request field the errors are about (<see cref="DiscountCodeField"/>), or null for the order as a whole.</param>
public sealed record PlaceOrderResult(PlaceOrderOutcome Outcome, Order? Order, IReadOnlyList<string> Errors, string? ErrorField = null)
{
    public const string DiscountCodeField = nameof(PlaceOrderRequest.DiscountCode);

    public bool Succeeded => Outcome is PlaceOrderOutcome.Placed or PlaceOrderOutcome.AlreadyPlaced;

    public static PlaceOrderResult Invalid(params string[] errors) => new(PlaceOrderOutcome.Invalid, null, errors);

    public static PlaceOrderResult InvalidField(string field, string error) => new(PlaceOrderOutcome.Invalid, null, [error], field);

    public static PlaceOrderResult Refused(string error) => new(PlaceOrderOutcome.Refused, null, [error]);
}
