namespace Storefront.Core.Payments;

/// <summary>The provider refused to start a payment; the order's hold has been released.</summary>
public sealed class PaymentStartException(string shopperMessage, Exception? inner = null)
    : Exception(shopperMessage, inner)
{
    public string ShopperMessage { get; } = shopperMessage;
}
