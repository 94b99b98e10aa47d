namespace Storefront.Core.Catalog;

public enum ProductSaveOutcome
{
    Saved,
    Invalid,
    NotFound,
    /// <summary>Someone else saved the product since the editor loaded it; nothing was written.</summary>
    Conflict,
}

public sealed record ProductSaveResult(ProductSaveOutcome Outcome, int ProductId, IReadOnlyList<ValidationError> Errors, Product? Current = null)
{
    public bool Succeeded => Outcome == ProductSaveOutcome.Saved;
}
