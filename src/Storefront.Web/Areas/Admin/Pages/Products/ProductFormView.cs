using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Storefront.Web.Areas.Admin.Pages.Products;

/// <summary>What the shared product form partial needs: the values, the categories and the field messages.</summary>
public sealed record ProductFormView(ProductInput Input, IReadOnlyList<SelectListItem> Categories, ModelStateDictionary ModelState)
{
    public string? Error(string key) =>
        ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0
            ? string.Join(" ", entry.Errors.Select(e => string.IsNullOrEmpty(e.ErrorMessage) ? "This value is not valid." : e.ErrorMessage))
            : null;
}
