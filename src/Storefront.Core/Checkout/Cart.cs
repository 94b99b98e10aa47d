namespace Storefront.Core.Checkout;

/// <summary>A cart lives in the database: keyed by a cookie for guests, by the account once signed in.</summary>
public class Cart
{
    public Guid Id { get; set; }
    public string? UserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<CartItem> Items { get; set; } = [];
}

public class CartItem
{
    public int Id { get; set; }
    public Guid CartId { get; set; }
    public int ProductId { get; set; }
    public int Quantity { get; set; }
    public DateTime AddedAt { get; set; }

    /// <summary>Availability state when the shopper added the line, to say plainly when it changed.</summary>
    public string SeenState { get; set; } = "";
    public DateOnly? SeenEta { get; set; }
}
