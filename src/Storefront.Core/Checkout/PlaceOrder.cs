using Storefront.Core.Orders;

namespace Storefront.Core.Checkout;

public sealed record OrderLineRequest(int ProductId, int Quantity);

public sealed record ShippingAddress(string Name, string Line1, string? Line2, string City, string PostalCode, string Country);

public sealed record PlaceOrderRequest(
    string CheckoutKey,
    string Email,
    string? UserId,
    ShippingAddress Address,
    IReadOnlyList<OrderLineRequest> Lines,
    bool BackorderTermsAccepted,
    ShippingChoice? Shipping = null,
    string? DiscountCode = null);

public enum PlaceOrderOutcome
{
    Placed,
    /// <summary>The same checkout form was submitted before; this is that order.</summary>
    AlreadyPlaced,
    Invalid,
    Refused,
}

public sealed record PlaceOrderResult(PlaceOrderOutcome Outcome, Order? Order, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Outcome is PlaceOrderOutcome.Placed or PlaceOrderOutcome.AlreadyPlaced;

    public static PlaceOrderResult Invalid(params string[] errors) => new(PlaceOrderOutcome.Invalid, null, errors);

    public static PlaceOrderResult Refused(string error) => new(PlaceOrderOutcome.Refused, null, [error]);
}
