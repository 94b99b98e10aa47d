using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;
using Storefront.Core.Etas;
using Storefront.Core.Inventory;

namespace Storefront.Core.Catalog;

/// <summary>
/// Creating and editing products for staff: the fields checked by <see cref="ProductValidation"/>, and
/// optimistic concurrency so two editors never silently overwrite each other.
/// </summary>
public sealed class ProductEditing(StorefrontDbContext db, TimeProvider clock, InventoryEngine inventory)
{
    public const string ConflictMessage =
        "Someone else changed this product while you were editing. Nothing of yours was saved. Their values are shown below; review them and save again to replace them with yours.";

    private static readonly ValidationError NotSaved = ValidationError.ForForm(ValidationCodes.NotSaved, "The product could not be saved. Please try again.");

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Creates a product with an empty stock row (on hand 0).</summary>
    public async Task<ProductSaveResult> CreateAsync(ProductDraft draft, CancellationToken ct = default)
    {
        var (product, errors) = await ProductValidation.ValidateAsync(db, draft, existing: null, Today, ct);
        if (errors.Count > 0)
        {
            return new ProductSaveResult(ProductSaveOutcome.Invalid, 0, errors);
        }
        AddNew(product!);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another editor took the SKU or slug between our check and the insert.
            db.ChangeTracker.Clear();
            var (_, raced) = await ProductValidation.ValidateAsync(db, draft, existing: null, Today, ct);
            return new ProductSaveResult(ProductSaveOutcome.Invalid, 0, raced.Count > 0 ? raced : [NotSaved]);
        }
        return new ProductSaveResult(ProductSaveOutcome.Saved, product!.Id, []);
    }

    /// <summary>Saves the draft over the product if nobody else saved it since <see cref="ProductDraft.Version"/>.</summary>
    public async Task<ProductSaveResult> UpdateAsync(int id, ProductDraft draft, CancellationToken ct = default) =>
        await UpdateAsync(id, draft, "staff", ct);

    /// <summary>
    /// As above; when the restock or release date changes, every open backorder line's ETA is
    /// recomputed in the same transaction and each move is recorded with <paramref name="actor"/>.
    /// </summary>
    public async Task<ProductSaveResult> UpdateAsync(int id, ProductDraft draft, string actor, CancellationToken ct = default)
    {
        var product = await db.Products.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (product is null)
        {
            return new ProductSaveResult(ProductSaveOutcome.NotFound, id, []);
        }
        if (product.Version != draft.Version)
        {
            return await ConflictAsync(id, ct);
        }
        var (_, errors) = await ProductValidation.ValidateAsync(db, draft, product, Today, ct);
        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return new ProductSaveResult(ProductSaveOutcome.Invalid, id, errors);
        }
        var datesMoved = Stamp(product, draft.Version);
        try
        {
            if (datesMoved)
            {
                var release = product.ReleaseDate;
                await db.SaveInTransactionAsync(ct => MoveDatesAsync(id, release, actor, ct), ct);
            }
            else
            {
                await db.SaveChangesAsync(ct);
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            return await ConflictAsync(id, ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            var fresh = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
            var (_, raced) = fresh is null ? (null, []) : await ProductValidation.ValidateAsync(db, draft, fresh, Today, ct);
            return new ProductSaveResult(ProductSaveOutcome.Invalid, id, raced.Count > 0 ? raced : [NotSaved]);
        }
        return new ProductSaveResult(ProductSaveOutcome.Saved, id, []);
    }

    /// <summary>
    /// Saves many drafts (new products, and edits each carrying the version it was read at) with one
    /// SaveChanges, inside the caller's transaction, checked by the same rules as one save against
    /// <paramref name="lookups"/> read beforehand for all of them. A draft that fails its check or its
    /// version is left out and answered with its errors; the others are saved. A race on a SKU, a web
    /// address or a version throws from the save: the caller rolls back and can save one at a time.
    /// </summary>
    public async Task<IReadOnlyList<ProductSaveResult>> SaveManyAsync(IReadOnlyList<(int? Id, ProductDraft Draft)> drafts, ProductLookups lookups,
        string actor, CancellationToken ct = default)
    {
        var ids = drafts.Select(d => d.Id).OfType<int>().ToList();
        var stored = new Dictionary<int, Product>();
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var p in await db.Products.Where(p => chunk.Contains(p.Id)).ToListAsync(ct))
            {
                stored[p.Id] = p;
            }
        }
        var results = new ProductSaveResult[drafts.Count];
        var created = new List<(int Index, Product Product)>();
        var moved = new List<(int Id, DateOnly? Release)>();
        for (var i = 0; i < drafts.Count; i++)
        {
            var (id, draft) = drafts[i];
            if (id is not { } productId)
            {
                var (product, errors) = ProductValidation.Validate(draft, existing: null, Today, lookups);
                if (errors.Count > 0)
                {
                    results[i] = new ProductSaveResult(ProductSaveOutcome.Invalid, 0, errors);
                    continue;
                }
                AddNew(product!);
                created.Add((i, product!));
            }
            else if (!stored.TryGetValue(productId, out var product))
            {
                results[i] = new ProductSaveResult(ProductSaveOutcome.NotFound, productId, []);
            }
            else if (product.Version != draft.Version)
            {
                results[i] = new ProductSaveResult(ProductSaveOutcome.Conflict, productId, [ValidationError.ForForm(ValidationCodes.Conflict, ConflictMessage)]);
            }
            else if (ProductValidation.Validate(draft, product, Today, lookups).Errors is { Count: > 0 } errors)
            {
                results[i] = new ProductSaveResult(ProductSaveOutcome.Invalid, productId, errors);
            }
            else
            {
                if (Stamp(product, draft.Version))
                {
                    moved.Add((productId, product.ReleaseDate));
                }
                results[i] = new ProductSaveResult(ProductSaveOutcome.Saved, productId, []);
            }
        }
        await db.SaveChangesAsync(ct);
        foreach (var (id, release) in moved)
        {
            await MoveDatesAsync(id, release, actor, ct);
        }
        foreach (var (index, product) in created)
        {
            results[index] = new ProductSaveResult(ProductSaveOutcome.Saved, product.Id, []);
        }
        return results;
    }

    private void AddNew(Product product)
    {
        product.CreatedAt = clock.GetUtcNow().UtcDateTime;
        product.UpdatedAt = product.CreatedAt;
        product.Version = 1;
        product.Stock = new Stock();
        db.Products.Add(product);
    }

    /// <summary>Moves the version on (and "last changed" when a value moved); whether a restock or release date moved.</summary>
    private bool Stamp(Product product, int version)
    {
        if (Changed(product))
        {
            // Saving what is already stored leaves the page's "last changed" (the sitemap's lastmod) where it was.
            product.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        }
        // The UPDATE carries "WHERE Version = <what the editor saw>": a save in between makes it match no row.
        db.Entry(product).Property(p => p.Version).OriginalValue = version;
        product.Version = version + 1;
        return db.Entry(product).Property(p => p.RestockDate).IsModified && db.Entry(product).Property(p => p.RestockDate).OriginalValue != product.RestockDate
            || db.Entry(product).Property(p => p.ReleaseDate).IsModified && db.Entry(product).Property(p => p.ReleaseDate).OriginalValue != product.ReleaseDate;
    }

    private async Task MoveDatesAsync(int id, DateOnly? release, string actor, CancellationToken ct)
    {
        // Pre-orders not yet shipped move with the release day (before the ETAs behind it
        // are recalculated, so the customers' emails carry the new day). Cleared, they keep theirs.
        if (release is not null)
        {
            await db.OrderLines.Where(l => l.ProductId == id && l.ReleaseDate != null && l.AllocatedQuantity + l.BackorderedQuantity > 0)
                .ExecuteUpdateAsync(u => u.SetProperty(l => l.ReleaseDate, release), ct);
        }
        await inventory.ScheduleChangedAsync(id, EtaChangeKind.ProductDatesChanged, "Product dates changed by staff", actor, ct);
    }

    /// <summary>Whether the checked draft moved any of the product's stored values.</summary>
    private bool Changed(Product product) =>
        db.Entry(product).Properties.Any(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue));

    private async Task<ProductSaveResult> ConflictAsync(int id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var current = await db.Products.AsNoTracking().Include(p => p.Category).FirstOrDefaultAsync(p => p.Id == id, ct);
        return current is null
            ? new ProductSaveResult(ProductSaveOutcome.NotFound, id, [])
            : new ProductSaveResult(ProductSaveOutcome.Conflict, id, [ValidationError.ForForm(ValidationCodes.Conflict, ConflictMessage)], current);
    }
}
