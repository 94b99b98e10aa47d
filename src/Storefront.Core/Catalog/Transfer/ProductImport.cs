using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Storefront.Core.Data;
using Storefront.Core.Data.Seeding;
using Storefront.Core.Inventory;

namespace Storefront.Core.Catalog;

public enum ImportAction
{
    Create,
    Update,
    Unchanged,
}

/// <summary>What importing one row does: create or update the product, and move its stock by <see cref="StockChange"/>.</summary>
public sealed record ImportRowPlan(int Line, string Sku, ImportAction Action, int StockChange, string? NewCategory, int? ProductId, ProductDraft Draft)
{
    public bool Changes => Action != ImportAction.Unchanged || StockChange != 0;
}

/// <summary>A dry run or an applied import: every row's plan, and every problem with its line.</summary>
public sealed record ImportReport(string FileName, ProductCsvFormat Format, IReadOnlyList<ImportRowPlan> Rows, IReadOnlyList<ProductCsvProblem> Problems, bool Applied)
{
    public bool CanApply => Problems.Count == 0 && Rows.Count > 0;
    public int Changed => Rows.Count(r => r.Changes);
    public IReadOnlyList<string> NewCategories => [.. Rows.Select(r => r.NewCategory).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)];
}

/// <summary>
/// Importing a product file (ADR 0024). A dry run reads every row and checks it the way the product
/// editor would (<see cref="ProductValidation"/>, through <see cref="ProductEditing"/>'s own rules),
/// plus what only a file can get wrong (a SKU twice, two new products on one web address, stock below
/// what is promised), and writes nothing. Applying runs the same checks again and, only when no row
/// has a problem, saves each changed product through <see cref="ProductEditing"/> and moves its stock
/// through <see cref="StockAdjustments"/> (the inventory engine, with "Import {file}" in the ledger,
/// so arriving units fill backorders oldest first). Products are matched by SKU; a row that matches
/// what the store has changes nothing, so the same file imported twice reports 0 changed.
/// </summary>
public sealed class ProductImport(StorefrontDbContext db, ProductEditing editing, StockAdjustments stock, TimeProvider clock, ILogger<ProductImport> log)
{
    /// <summary>Which file column each of the product editor's fields is read from, for placing the editor's errors.</summary>
    private static readonly Dictionary<string, string> ColumnOf = new()
    {
        [nameof(ProductDraft.Sku)] = ProductCsv.Sku,
        [nameof(ProductDraft.Name)] = ProductCsv.Name,
        [nameof(ProductDraft.Slug)] = ProductCsv.Slug,
        [nameof(ProductDraft.Description)] = ProductCsv.Description,
        [nameof(ProductDraft.CategoryId)] = ProductCsv.Category,
        [nameof(ProductDraft.Price)] = ProductCsv.Price,
        [nameof(ProductDraft.Cost)] = ProductCsv.CostPrice,
        [nameof(ProductDraft.Currency)] = ProductCsv.Currency,
        [nameof(ProductDraft.ImageUrl)] = ProductCsv.ImageUrl,
        [nameof(ProductDraft.Status)] = ProductCsv.Status,
        [nameof(ProductDraft.BackorderPolicy)] = ProductCsv.BackorderPolicy,
        [nameof(ProductDraft.BackorderLimit)] = ProductCsv.BackorderCap,
        [nameof(ProductDraft.LowStockThreshold)] = ProductCsv.LowStockThreshold,
        [nameof(ProductDraft.ReleaseDate)] = ProductCsv.ReleaseDate,
        [nameof(ProductDraft.RestockDate)] = ProductCsv.RestockDate,
        [nameof(ProductDraft.RestockNote)] = ProductCsv.RestockNote,
    };

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Reads and checks the file; writes nothing.</summary>
    public async Task<ImportReport> DryRunAsync(Stream file, string fileName, CancellationToken ct = default)
    {
        var csv = ProductCsv.Read(file);
        return await PlanAsync(csv, fileName, ct);
    }

    /// <summary>Checks the file again and, when no row has a problem, applies it; otherwise writes nothing.</summary>
    public async Task<ImportReport> ApplyAsync(Stream file, string fileName, string actor, CancellationToken ct = default)
    {
        var plan = await DryRunAsync(file, fileName, ct);
        if (!plan.CanApply)
        {
            return plan;
        }
        var problems = new List<ProductCsvProblem>();
        var categories = await CreateCategoriesAsync(plan.NewCategories, ct);
        var reason = Reason(fileName);
        var changed = plan.Rows.Where(r => r.Changes)
            .Select(r => r.NewCategory is { } name ? r with { Draft = r.Draft with { CategoryId = categories[name] } } : r)
            .ToList();
        foreach (var chunk in changed.Chunk(ChunkSize))
        {
            try
            {
                var chunkProblems = await db.InTransactionAsync(async ct =>
                {
                    var found = new List<ProductCsvProblem>();
                    await ApplyChunkAsync(chunk, reason, actor, found, ct);
                    return found;
                }, ct: ct);
                problems.AddRange(chunkProblems);
            }
            catch (Exception e) when (e is DbUpdateException or InsufficientStockException)
            {
                // Someone changed a product of this chunk between the check and now (its SKU, web
                // address, version or promised stock): the chunk was rolled back, and its rows go one
                // at a time so each one that cannot be saved gets its own line.
                log.LogInformation(e, "Product import {FileName}: a chunk of {Rows} rows raced another change; saving them one at a time", fileName, chunk.Length);
                foreach (var row in chunk)
                {
                    await ApplyRowAsync(row, reason, actor, problems, ct);
                }
            }
        }
        log.LogInformation("Product import {FileName} by {Actor}: {Changed} of {Rows} rows changed, {Problems} problems", fileName, actor, plan.Changed, plan.Rows.Count, problems.Count);
        return plan with { Problems = [.. problems.OrderBy(p => p.Line)], Applied = true };
    }

    /// <summary>How many changed rows are saved in one transaction: big enough to save the round trips, small enough to keep the write lock short.</summary>
    public const int ChunkSize = 250;

    /// <summary>Saves a chunk's products with one SaveChanges and moves their stock, all inside the caller's transaction.</summary>
    private async Task ApplyChunkAsync(IReadOnlyList<ImportRowPlan> chunk, string reason, string actor, List<ProductCsvProblem> problems, CancellationToken ct)
    {
        var saving = chunk.Where(r => r.Action != ImportAction.Unchanged).ToList();
        var lookups = await ProductLookups.ReadAsync(db, [.. saving.Select(r => r.Draft)], ct);
        var saved = await editing.SaveManyAsync([.. saving.Select(r => (r.ProductId, r.Draft))], lookups, actor, ct);
        var ids = new Dictionary<int, int?>();
        for (var i = 0; i < saving.Count; i++)
        {
            ids[saving[i].Line] = saved[i].Succeeded ? saved[i].ProductId : null;
            if (!saved[i].Succeeded)
            {
                RowNotSaved(saving[i], saved[i], problems);
            }
        }
        foreach (var row in chunk.Where(r => r.StockChange != 0))
        {
            if ((ids.TryGetValue(row.Line, out var id) ? id : row.ProductId) is not { } productId)
            {
                continue;
            }
            // Everything before is saved: a short tracker keeps each of the engine's saves from scanning the whole chunk.
            db.ChangeTracker.Clear();
            var adjusted = await stock.AdjustWithinAsync(productId, row.StockChange, reason, actor, ct);
            if (!adjusted.Succeeded)
            {
                problems.Add(new(row.Line, ProductCsv.OnHand, adjusted.Error ?? "The stock could not be changed."));
            }
        }
    }

    /// <summary>One row on its own: the product saved through the editor, its stock through the stock page's own adjustment.</summary>
    private async Task ApplyRowAsync(ImportRowPlan row, string reason, string actor, List<ProductCsvProblem> problems, CancellationToken ct)
    {
        var productId = row.ProductId;
        if (row.Action != ImportAction.Unchanged)
        {
            db.ChangeTracker.Clear();
            var saved = row.ProductId is { } id ? await editing.UpdateAsync(id, row.Draft, actor, ct) : await editing.CreateAsync(row.Draft, ct);
            if (!saved.Succeeded)
            {
                RowNotSaved(row, saved, problems);
                return;
            }
            productId = saved.ProductId;
        }
        if (row.StockChange != 0)
        {
            db.ChangeTracker.Clear();
            var adjusted = await stock.AdjustAsync(productId!.Value, row.StockChange, reason, actor, ct);
            if (!adjusted.Succeeded)
            {
                problems.Add(new(row.Line, ProductCsv.OnHand, adjusted.Error ?? "The stock could not be changed."));
            }
        }
    }

    /// <summary>Someone changed the product between the check and now: this row waits for the next import.</summary>
    private static void RowNotSaved(ImportRowPlan row, ProductSaveResult saved, List<ProductCsvProblem> problems) =>
        problems.AddRange(saved.Errors.DefaultIfEmpty(ValidationError.ForForm(ValidationCodes.NotFound, "The product is gone."))
            .Select(e => new ProductCsvProblem(row.Line, ColumnOf.GetValueOrDefault(e.Field, ""), e.Message)));

    /// <summary>The ledger reason of an import's stock changes.</summary>
    public static string Reason(string fileName)
    {
        var reason = "Import " + Path.GetFileName(fileName.Trim());
        return reason.Length <= StockAdjustments.MaxReasonLength ? reason : reason[..StockAdjustments.MaxReasonLength];
    }

    private async Task<Dictionary<string, int>> CreateCategoriesAsync(IReadOnlyList<string> names, CancellationToken ct)
    {
        var made = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        if (names.Count == 0)
        {
            return made;
        }
        db.ChangeTracker.Clear();
        var order = await db.Categories.MaxAsync(c => (int?)c.SortOrder, ct) ?? 0;
        var added = names.Select(n => new Category { Name = n, Slug = DemoCatalogSeeder.Slugify(n), SortOrder = ++order }).ToList();
        db.Categories.AddRange(added);
        await db.WriteAsync(token => db.SaveChangesAsync(token), ct);
        foreach (var c in added)
        {
            made[c.Name] = c.Id;
        }
        return made;
    }

    private async Task<ImportReport> PlanAsync(ProductCsvFile csv, string fileName, CancellationToken ct)
    {
        var problems = new List<ProductCsvProblem>(csv.Problems);
        var plans = new List<ImportRowPlan>();
        if (csv.Rows.Count == 0)
        {
            return new(fileName, csv.Format, plans, problems, Applied: false);
        }
        var skus = csv.Rows.Select(r => r.Sku.ToUpperInvariant()).Where(s => s.Length > 0).Distinct().ToList();
        var existing = new Dictionary<string, Product>(StringComparer.OrdinalIgnoreCase);
        foreach (var chunk in skus.Chunk(500))
        {
            foreach (var p in await db.Products.AsNoTracking().Include(p => p.Stock).Where(p => chunk.Contains(p.Sku.ToUpper())).ToListAsync(ct))
            {
                existing[p.Sku] = p;
            }
        }
        // The editor's own rules are checked on copies nothing tracks: nothing is saved here.
        var copies = new Dictionary<int, Product>();
        foreach (var chunk in existing.Values.Select(p => p.Id).Chunk(500))
        {
            foreach (var p in await db.Products.AsNoTracking().Where(p => chunk.Contains(p.Id)).ToListAsync(ct))
            {
                copies[p.Id] = p;
            }
        }
        var categories = await db.Categories.AsNoTracking().Select(c => new { c.Id, c.Name, c.Slug }).ToListAsync(ct);
        var byName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in categories.AsEnumerable().Reverse())
        {
            byName[c.Name] = c.Id;
        }
        var bySlug = categories.GroupBy(c => c.Slug, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        var firstCategory = categories.OrderBy(c => c.Id).FirstOrDefault();
        var seenSkus = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var seenSlugs = new Dictionary<string, int>(StringComparer.Ordinal);
        var rowProblems = new List<ProductCsvProblem>();
        var pending = new List<(ProductCsvRow Row, Product? Product, ProductDraft Draft, ProductDraft Checkable, string? NewCategory, int StockChange)>();

        foreach (var row in csv.Rows)
        {
            void Problem(string column, string message) => rowProblems.Add(new(row.Line, column, message));
            var sku = row.Sku;
            if (sku.Length > 0 && seenSkus.TryGetValue(sku, out var firstLine))
            {
                Problem(ProductCsv.Sku, $"The SKU {sku} is also on line {firstLine}; each product may appear once.");
                continue;
            }
            seenSkus[sku] = row.Line;
            var product = existing.GetValueOrDefault(sku);
            var draft = product is null ? new ProductDraft { Sku = sku, LowStockThreshold = 5 } : ProductDraft.From(product);
            var v = row.Values;

            string? newCategory = null;
            if (v.TryGetValue(ProductCsv.Category, out var categoryCell) && categoryCell.Trim() is { Length: > 0 } categoryName)
            {
                if (byName.TryGetValue(categoryName, out var matchId) || bySlug.TryGetValue(categoryName.ToLowerInvariant(), out matchId))
                {
                    draft = draft with { CategoryId = matchId };
                }
                else if (categoryName.Length > 100 || DemoCatalogSeeder.Slugify(categoryName).Length == 0)
                {
                    Problem(ProductCsv.Category, "A category is a name of up to 100 characters with a letter or digit in it.");
                }
                else
                {
                    newCategory = categoryName;
                }
            }
            else if (product is null)
            {
                // A new product with no category goes into the first one, the way a merchant sees it in the editor.
                if (firstCategory is not null)
                {
                    draft = draft with { CategoryId = firstCategory.Id };
                }
                else
                {
                    newCategory = "Products";
                }
            }

            draft = Overlay(draft, v, Problem);
            var onHand = product?.Stock?.OnHand ?? 0;
            var stockChange = 0;
            if (v.TryGetValue(ProductCsv.OnHand, out var onHandCell) && onHandCell.Trim().Length > 0)
            {
                if (!int.TryParse(onHandCell.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var wanted) || wanted < 0)
                {
                    Problem(ProductCsv.OnHand, $"\"{Shorten(onHandCell)}\" is not a number of units on hand (0 or more).");
                }
                else if (Math.Abs((long)wanted - onHand) > StockAdjustments.MaxQuantity)
                {
                    Problem(ProductCsv.OnHand, $"One import can change stock by at most {StockAdjustments.MaxQuantity:N0} units.");
                }
                else if (wanted < (product?.Stock?.Allocated ?? 0))
                {
                    Problem(ProductCsv.OnHand, $"On hand cannot go below the {product!.Stock!.Allocated} units promised to orders.");
                }
                else
                {
                    stockChange = wanted - onHand;
                }
            }
            // A category the import will create does not exist yet: the rest is checked as if in one that does.
            var checkable = newCategory is not null && categories.Count > 0 ? draft with { CategoryId = categories[0].Id } : draft;
            pending.Add((row, product, draft, checkable, newCategory, stockChange));
        }

        // What the editor's rules ask the store (categories, SKUs and web addresses in use), read once for the file.
        var facts = await ProductLookups.ReadAsync(db, [.. pending.Select(p => p.Checkable)], ct);
        var linesWithProblems = rowProblems.Select(p => p.Line).ToHashSet();
        foreach (var (row, product, draft, checkable, newCategory, stockChange) in pending)
        {
            var before = rowProblems.Count;
            void Problem(string column, string message) => rowProblems.Add(new(row.Line, column, message));
            var copy = product is null ? null : copies[product.Id];
            var (checkedProduct, errors) = ProductValidation.Validate(checkable, copy, Today, facts);
            foreach (var e in errors.Where(e => !(newCategory is not null && e.Field == nameof(ProductDraft.CategoryId))))
            {
                Problem(ColumnOf.GetValueOrDefault(e.Field, ""), e.Message);
            }
            if (checkedProduct is not null && product is null)
            {
                if (seenSlugs.TryGetValue(checkedProduct.Slug, out var slugLine))
                {
                    Problem(ProductCsv.Slug, $"The web address \"{checkedProduct.Slug}\" is also made for line {slugLine}; give one of them a different slug or name.");
                }
                seenSlugs[checkedProduct.Slug] = row.Line;
            }
            if (rowProblems.Count > before || linesWithProblems.Contains(row.Line))
            {
                continue;
            }
            var action = product is null ? ImportAction.Create
                : checkedProduct is null || ProductDraft.From(checkedProduct) == ProductDraft.From(product) ? ImportAction.Unchanged
                : ImportAction.Update;
            plans.Add(new(row.Line, row.Sku, action, stockChange, newCategory, product?.Id, draft));
        }
        // Each row's problems in file order, as a merchant reads them.
        problems.AddRange(rowProblems.OrderBy(p => p.Line));
        return new(fileName, csv.Format, plans, problems, Applied: false);
    }

    /// <summary>The row's cells over the product's current values; a column the file lacks keeps its value.</summary>
    private static ProductDraft Overlay(ProductDraft d, IReadOnlyDictionary<string, string> v, Action<string, string> problem)
    {
        string? Text(string column, string? current) => v.TryGetValue(column, out var cell) ? (cell.Trim().Length == 0 ? null : cell.Trim()) : current;

        d = d with
        {
            Name = Text(ProductCsv.Name, d.Name) ?? "",
            Slug = Text(ProductCsv.Slug, d.Slug),
            Description = v.TryGetValue(ProductCsv.Description, out var description) ? description.Trim() : d.Description,
            Price = Text(ProductCsv.Price, d.Price) ?? "",
            Cost = Text(ProductCsv.CostPrice, d.Cost),
            Currency = Text(ProductCsv.Currency, d.Currency),
            ImageUrl = Text(ProductCsv.ImageUrl, d.ImageUrl),
            RestockNote = Text(ProductCsv.RestockNote, d.RestockNote),
        };
        if (Text(ProductCsv.Status, null) is { } status)
        {
            if (Enum.TryParse<ProductStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(status, out _))
            {
                d = d with { Status = s };
            }
            else
            {
                problem(ProductCsv.Status, $"\"{Shorten(status)}\" is not a status; write Active or Discontinued.");
            }
        }
        if (Text(ProductCsv.BackorderPolicy, null) is { } policy)
        {
            if (Enum.TryParse<BackorderPolicy>(policy.Replace(" ", "", StringComparison.Ordinal), ignoreCase: true, out var p) && Enum.IsDefined(p) && !int.TryParse(policy, out _))
            {
                d = d with { BackorderPolicy = p };
            }
            else
            {
                problem(ProductCsv.BackorderPolicy, $"\"{Shorten(policy)}\" is not a backorder policy; write NotAllowed, Allowed or AllowedUpTo.");
            }
        }
        if (v.ContainsKey(ProductCsv.BackorderCap))
        {
            d = d with { BackorderLimit = Number(ProductCsv.BackorderCap, "backorder cap", problem) };
        }
        if (v.ContainsKey(ProductCsv.LowStockThreshold) && Number(ProductCsv.LowStockThreshold, "low-stock threshold", problem) is { } threshold)
        {
            d = d with { LowStockThreshold = threshold };
        }
        if (v.ContainsKey(ProductCsv.ReleaseDate))
        {
            d = d with { ReleaseDate = Date(ProductCsv.ReleaseDate, "release date", problem) };
        }
        if (v.ContainsKey(ProductCsv.RestockDate))
        {
            d = d with { RestockDate = Date(ProductCsv.RestockDate, "restock date", problem) };
        }
        return d;

        int? Number(string column, string what, Action<string, string> problem)
        {
            var cell = v[column].Trim();
            if (cell.Length == 0)
            {
                return null;
            }
            if (int.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
            {
                return n;
            }
            problem(column, $"\"{Shorten(cell)}\" is not a whole number for the {what}.");
            return null;
        }

        DateOnly? Date(string column, string what, Action<string, string> problem)
        {
            var cell = v[column].Trim();
            if (cell.Length == 0)
            {
                return null;
            }
            if (DateOnly.TryParseExact(cell, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }
            problem(column, $"\"{Shorten(cell)}\" is not a date for the {what}; write it as year-month-day, e.g. 2027-03-15.");
            return null;
        }
    }

    private static string Shorten(string s) => s.Length <= 30 ? s : s[..30] + "…";
}
