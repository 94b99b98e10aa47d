namespace Storefront.Core.Common;

/// <summary>Merchant-level settings, bound from the "Store" configuration section.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    public string Name { get; set; } = "Storefront";

    /// <summary>
    /// The store's logo at the top of every email (an absolute URL, or a path on <see cref="BaseUrl"/>
    /// such as "/media/logo.png"); none shows the store's name in bold instead.
    /// </summary>
    public string? LogoUrl { get; set; }

    /// <summary>
    /// The store's public address: every absolute link (emails, redirects, payment return addresses) is
    /// built on it, never on the request's Host header.
    /// </summary>
    public string BaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>An absolute link to a path of the store ("/Orders/1001?t=…" → "https://shop.example/Orders/1001?t=…").</summary>
    public string Link(string pathAndQuery) => BaseUrl.TrimEnd('/') + "/" + pathAndQuery.TrimStart('/');

    public string Currency { get; set; } = "USD";

    /// <summary>Days between a unit arriving and it leaving the warehouse.</summary>
    public int HandlingDays { get; set; } = 2;

    /// <summary>Most units of one product a single order may take (bounds unlimited backorders too).</summary>
    public int MaxQuantityPerLine { get; set; } = 99;

    /// <summary>Flat shipping charge per order, in minor units.</summary>
    public long FlatShippingAmount { get; set; } = 599;

    /// <summary>How long a checkout may hold stock while payment is pending.</summary>
    public TimeSpan CheckoutHold { get; set; } = TimeSpan.FromMinutes(30);
}
