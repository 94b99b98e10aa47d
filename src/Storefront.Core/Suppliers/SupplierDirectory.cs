using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;

namespace Storefront.Core.Suppliers;

/// <summary>The store's suppliers, found by name the way staff type them.</summary>
public sealed class SupplierDirectory(StorefrontDbContext db, TimeProvider clock)
{
    /// <summary>The one rule for a supplier name: trimmed, not blank, at most <see cref="Supplier.NameMaxLength"/> characters.</summary>
    public static string? ValidateName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "Enter the supplier's name."
        : name.Trim().Length > Supplier.NameMaxLength ? $"The supplier's name can be at most {Supplier.NameMaxLength} characters."
        : null;

    public Task<List<Supplier>> ListAsync(CancellationToken ct = default) =>
        db.Suppliers.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct);

    /// <summary>
    /// The supplier with this name (compared without regard to case), added when there is none yet.
    /// The new row is tracked, not saved: it is saved with whatever refers to it.
    /// </summary>
    public async Task<Supplier> FindOrAddAsync(string name, CancellationToken ct = default)
    {
        if (ValidateName(name) is { } error)
        {
            throw new ArgumentException(error, nameof(name));
        }
        var trimmed = name.Trim();
        var key = trimmed.ToUpperInvariant();
        var supplier = db.Suppliers.Local.FirstOrDefault(s => s.Name.ToUpperInvariant() == key)
            ?? await db.Suppliers.FirstOrDefaultAsync(s => s.Name.ToUpper() == key, ct);
        if (supplier is null)
        {
            supplier = new Supplier { Name = trimmed, CreatedAt = clock.GetUtcNow().UtcDateTime };
            db.Suppliers.Add(supplier);
        }
        return supplier;
    }
}
