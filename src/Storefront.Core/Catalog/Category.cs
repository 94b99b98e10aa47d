namespace Storefront.Core.Catalog;

public class Category
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public string Description { get; set; } = "";
    public int SortOrder { get; set; }

    public List<Product> Products { get; set; } = [];
}
