using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Catalog;
using Storefront.Core.Data;

namespace Storefront.Web.Areas.Admin.Pages.Products;

/// <summary>The product form shared by Create and Edit. Rules live in <see cref="ProductEditing"/>; this only carries the values.</summary>
public sealed class ProductInput
{
    [Display(Name = "SKU")]
    // Nullable so an empty field gets the service's message, not MVC's implicit "required".
    public string? Sku { get; set; } = "";

    [Display(Name = "Name")]
    public string? Name { get; set; } = "";

    [Display(Name = "Slug (web address; made from the name when empty)")]
    public string? Slug { get; set; }

    [Display(Name = "Description")]
    public string? Description { get; set; }

    [Display(Name = "Category")]
    public int CategoryId { get; set; }

    [Display(Name = "Price")]
    public string? Price { get; set; } = "";

    [Display(Name = "Cost price (optional)")]
    public string? Cost { get; set; }

    [Display(Name = "Currency")]
    public string? Currency { get; set; } = "USD";

    [Display(Name = "Image URL (optional)")]
    public string? ImageUrl { get; set; }

    [Display(Name = "Status")]
    public ProductStatus Status { get; set; }

    [Display(Name = "Backorder policy")]
    public BackorderPolicy BackorderPolicy { get; set; }

    [Display(Name = "Backorder cap (units)")]
    public int? BackorderLimit { get; set; }

    [Display(Name = "Low-stock threshold")]
    public int LowStockThreshold { get; set; } = 5;

    [Display(Name = "Release date")]
    public DateOnly? ReleaseDate { get; set; }

    [Display(Name = "Restock date")]
    public DateOnly? RestockDate { get; set; }

    [Display(Name = "Restock note")]
    public string? RestockNote { get; set; }

    public int Version { get; set; }

    public ProductDraft ToDraft() => new()
    {
        Sku = Sku ?? "", Name = Name ?? "", Slug = Slug, Description = Description, CategoryId = CategoryId,
        Price = Price ?? "", Cost = Cost, Currency = Currency, ImageUrl = ImageUrl, Status = Status, BackorderPolicy = BackorderPolicy,
        BackorderLimit = BackorderLimit, LowStockThreshold = LowStockThreshold, ReleaseDate = ReleaseDate,
        RestockDate = RestockDate, RestockNote = RestockNote, Version = Version,
    };

    public static ProductInput From(ProductDraft d) => new()
    {
        Sku = d.Sku, Name = d.Name, Slug = d.Slug, Description = d.Description, CategoryId = d.CategoryId,
        Price = d.Price, Cost = d.Cost, Currency = d.Currency ?? "USD", ImageUrl = d.ImageUrl, Status = d.Status, BackorderPolicy = d.BackorderPolicy,
        BackorderLimit = d.BackorderLimit, LowStockThreshold = d.LowStockThreshold, ReleaseDate = d.ReleaseDate,
        RestockDate = d.RestockDate, RestockNote = d.RestockNote, Version = d.Version,
    };

    public static async Task<List<SelectListItem>> CategoriesAsync(StorefrontDbContext db, CancellationToken ct) =>
        await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Name)
            .Select(c => new SelectListItem(c.Name, c.Id.ToString())).ToListAsync(ct);

    /// <summary>Puts the service's messages next to their fields ("Input.Price"), or at the top for the whole form.</summary>
    public static void AddErrors(ModelStateDictionary modelState, IEnumerable<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            modelState.AddModelError(error.Field.Length == 0 ? "" : "Input." + error.Field, error.Message);
        }
    }
}
