using System.Text;

namespace Storefront.Web.Catalog;

/// <summary>
/// The sentence a page gives search engines and link previews (its meta description, set as
/// <c>ViewData["Description"]</c> and written by the layout).
/// </summary>
public static class PageDescription
{
    /// <summary>Search results show about this many characters; longer descriptions are cut.</summary>
    public const int MaxLength = 160;

    /// <summary>
    /// The first paragraph of a text (a product's description), on one line, cut at a word before
    /// <see cref="MaxLength"/> with an ellipsis; null when there is no text.
    /// </summary>
    public static string? Summarize(string? text)
    {
        var paragraph = text?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (string.IsNullOrEmpty(paragraph))
        {
            return null;
        }
        var oneLine = new StringBuilder(paragraph.Length);
        foreach (var word in paragraph.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            oneLine.Append(oneLine.Length == 0 ? "" : " ").Append(word);
        }
        var summary = oneLine.ToString();
        if (summary.Length <= MaxLength)
        {
            return summary;
        }
        var cut = summary.LastIndexOf(' ', MaxLength - 1);
        return summary[..(cut > 0 ? cut : MaxLength - 1)].TrimEnd(',', ';', ':', '.', ' ') + "…";
    }
}
