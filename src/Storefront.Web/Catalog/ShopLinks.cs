namespace Storefront.Web.Catalog;

/// <summary>
/// The shop's own addresses that every page's navigation carries, written out rather than generated
/// by the router on each request (link generation was the largest cost of a cached page; ADR 0017).
/// The catalog page answers <c>/</c> and reads its filter from the query string.
/// </summary>
public static class ShopLinks
{
    public const string Register = "/Identity/Account/Register";
    public const string SignIn = "/Identity/Account/Login";

    /// <summary>The catalog filtered to one category.</summary>
    public static string Category(string slug) => "/?category=" + Uri.EscapeDataString(slug);
}
