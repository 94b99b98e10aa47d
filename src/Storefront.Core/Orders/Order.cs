using System.ComponentModel.DataAnnotations;
using Storefront.Core.Common;

namespace Storefront.Core.Orders;

public enum OrderStatus
{
    /// <summary>Stock is held for the order until <see cref="Order.HoldExpiresAt"/> while payment is taken.</summary>
    PendingPayment = 0,
    Paid = 1,
    PartiallyShipped = 2,
    Shipped = 3,
    /// <summary>Payment declined; holds released, nothing charged.</summary>
    PaymentFailed = 4,
    /// <summary>The hold expired before payment; holds released, nothing charged.</summary>
    Expired = 5,
    Cancelled = 6,
}

/// <summary>How an order with backordered units ships; the shipping charge follows it.</summary>
public enum ShippingChoice
{
    /// <summary>Nothing was backordered: one shipment.</summary>
    OneShipment = 0,
    /// <summary>What is on the shelf ships now, the backordered rest when it arrives.</summary>
    Split = 1,
    /// <summary>Everything ships in one parcel when the backordered units arrive.</summary>
    Together = 2,
}

public class Order
{
    public int Id { get; set; }

    /// <summary>The number shoppers and staff quote, e.g. "SF-10042".</summary>
    public required string Number { get; set; }

    public string? UserId { get; set; }
    public required string Email { get; set; }
    public string ShippingName { get; set; } = "";
    public string AddressLine1 { get; set; } = "";
    public string? AddressLine2 { get; set; }
    public string City { get; set; } = "";
    public string PostalCode { get; set; } = "";
    public string Country { get; set; } = "";

    public OrderStatus Status { get; set; }
    public string Currency { get; set; } = "USD";
    public long SubtotalAmount { get; set; }
    public long ShippingAmount { get; set; }
    public long DiscountAmount { get; set; }

    /// <summary>The discount code redeemed by this order (as stored, no dashes); see Incentives.IncentiveCodes.</summary>
    [MaxLength(32)]
    public string? DiscountCode { get; set; }

    public ShippingChoice ShippingChoice { get; set; }
    public long TotalAmount { get; set; }
    public Money Total => new(TotalAmount, Currency);

    public DateTime PlacedAt { get; set; }
    public DateTime? HoldExpiresAt { get; set; }
    public DateTime? PaidAt { get; set; }

    /// <summary>Made when the checkout form renders and bound to the browser; a double submit finds the same order.</summary>
    public required string CheckoutKey { get; set; }

    /// <summary>Who placed it (a hash of the browser or account), for the limits on unpaid checkouts; null when unknown.</summary>
    public string? ClientKey { get; set; }

    /// <summary>The network address it was placed from, hashed, for the same limits; null when unknown.</summary>
    public string? ClientAddress { get; set; }

    /// <summary>The shopper ticked the box accepting the backorder ETAs.</summary>
    public bool BackorderTermsAccepted { get; set; }

    public List<OrderLine> Lines { get; set; } = [];
}
