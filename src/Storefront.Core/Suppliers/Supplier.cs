namespace Storefront.Core.Suppliers;

/// <summary>Who a merchant buys stock from. Deliveries belong to one; its record of them is what its dates are worth.</summary>
public class Supplier
{
    public const int NameMaxLength = 100;
    public const int ContactMaxLength = 200;
    public const int MaxLeadTimeDays = 365;

    public int Id { get; set; }
    public required string Name { get; set; }

    /// <summary>Who to talk to: a person, an email address, a phone number, as staff typed it.</summary>
    public string Contact { get; set; } = "";

    /// <summary>The lead time the supplier states, in days from ordering to arrival; null when unknown.</summary>
    public int? LeadTimeDays { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// How many days late its recent deliveries came, at the 80th percentile (0 when on time), kept
    /// current on every receipt; null before its first receipt. The "likely date" adds it.
    /// </summary>
    public int? LikelyLateDays { get; set; }
}
