using System.Globalization;
using System.Text;
using AngleSharp.Html.Parser;
using CsvHelper;
using CsvHelper.Configuration;

namespace Storefront.Core.Catalog;

/// <summary>Which kind of file was read, told apart by its header row.</summary>
public enum ProductCsvFormat
{
    Storefront,
    Shopify,
}

/// <summary>One product row of an import file, its cells under the store's own column names.</summary>
/// <param name="Line">The file line the row starts on (the header is line 1).</param>
/// <param name="Values">The cells the file has a column for; a column the file lacks is absent and keeps the product's value.</param>
public sealed record ProductCsvRow(int Line, IReadOnlyDictionary<string, string> Values)
{
    public string Sku => Values.GetValueOrDefault(ProductCsv.Sku, "").Trim();
}

/// <summary>A problem with a file or one of its rows, with the line and column it is on (0 and "" for the file as a whole).</summary>
public sealed record ProductCsvProblem(int Line, string Column, string Message);

public sealed record ProductCsvFile(ProductCsvFormat Format, IReadOnlyList<string> Columns, IReadOnlyList<ProductCsvRow> Rows, IReadOnlyList<ProductCsvProblem> Problems);

/// <summary>
/// The product file: the store's own columns (what the export writes and the import reads), and a
/// Shopify product export's main columns mapped onto them. The columns are listed in the README.
/// Reading is strict UTF-8 with the line of every bad quote or byte reported; writing escapes cells
/// a spreadsheet would run as a formula, and reading takes that escape off again (ADR 0024).
/// </summary>
public static class ProductCsv
{
    public const long MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = 5_000;

    public const string Sku = "sku";
    public const string Name = "name";
    public const string Slug = "slug";
    public const string Description = "description";
    public const string Category = "category";
    public const string Price = "price";
    public const string Currency = "currency";
    public const string Status = "status";
    public const string BackorderPolicy = "backorder_policy";
    public const string BackorderCap = "backorder_cap";
    public const string LowStockThreshold = "low_stock_threshold";
    public const string ReleaseDate = "release_date";
    public const string RestockDate = "restock_date";
    public const string RestockNote = "restock_note";
    public const string ImageUrl = "image_url";
    public const string OnHand = "on_hand";
    public const string CostPrice = "cost_price";

    /// <summary>Every column the export writes, in order; an import file may carry any of them but must have sku.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        Sku, Name, Slug, Description, Category, Price, Currency, Status, BackorderPolicy, BackorderCap,
        LowStockThreshold, ReleaseDate, RestockDate, RestockNote, ImageUrl, OnHand, CostPrice,
    ];

    /// <summary>A Shopify product export's columns this store reads, and the store column each becomes.</summary>
    public static readonly IReadOnlyDictionary<string, string> ShopifyColumns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Handle"] = Slug,
        ["Title"] = Name,
        ["Body (HTML)"] = Description,
        ["Type"] = Category,
        ["Variant SKU"] = Sku,
        ["Variant Price"] = Price,
        ["Variant Inventory Qty"] = OnHand,
    };

    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>Reads a whole file (at most <see cref="MaxBytes"/>, <see cref="MaxRows"/> rows). Never throws for bad content.</summary>
    public static ProductCsvFile Read(Stream stream)
    {
        var problems = new List<ProductCsvProblem>();
        var rows = new List<ProductCsvRow>();
        // Strict UTF-8 (a BOM is fine): a file saved as Latin-1 or UTF-16 by a spreadsheet is refused, not garbled.
        using var reader = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false);
        var badData = new List<int>();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";", "\t"],
            BadDataFound = args => badData.Add(args.Context.Parser?.RawRow ?? 0),
            MissingFieldFound = null,
            TrimOptions = TrimOptions.None,
        };
        var format = ProductCsvFormat.Storefront;
        var columns = new List<string>();
        try
        {
            using var csv = new CsvReader(reader, config);
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
            {
                return Empty("The file is empty: the first line must name the columns, for example " + string.Join(",", Columns) + ".");
            }
            columns = [.. header.Select(h => h.Trim())];
            format = columns.Any(c => c.Equals("Variant SKU", StringComparison.OrdinalIgnoreCase)) && columns.Any(c => c.Equals("Handle", StringComparison.OrdinalIgnoreCase))
                ? ProductCsvFormat.Shopify : ProductCsvFormat.Storefront;
            var map = HeaderMap(columns, format, problems);
            if (problems.Count > 0)
            {
                return new(format, columns, [], problems);
            }
            var lastLine = csv.Parser.RawRow;
            string? handle = null, title = null;
            while (csv.Read())
            {
                var line = lastLine + 1;
                lastLine = csv.Parser.RawRow;
                var cells = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var index = 0; index < csv.Parser.Count; index++)
                {
                    // Every field is read, mapped or not: the parser finds a bad quote as it reads a field.
                    var raw = csv.Parser[index] ?? "";
                    if (map.FirstOrDefault(m => m.Index == index).Column is { } column)
                    {
                        cells[column] = Unescape(raw);
                    }
                }
                if (badData.Count > 0)
                {
                    problems.Add(new(line, "", "A quote is out of place: a cell with a comma, quote or line break must be wrapped in double quotes, and a quote inside it doubled (\"\")."));
                    badData.Clear();
                    continue;
                }
                if (cells.Values.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }
                if (format == ProductCsvFormat.Shopify && !Shopify(cells, ref handle, ref title))
                {
                    continue;
                }
                if (rows.Count == MaxRows)
                {
                    problems.Add(new(line, "", $"The file has more than {MaxRows:N0} products; split it into several files."));
                    break;
                }
                rows.Add(new(line, cells));
            }
        }
        catch (DecoderFallbackException)
        {
            return Empty("The file is not UTF-8 text. Save it as \"CSV UTF-8\" from your spreadsheet and upload it again.");
        }
        catch (CsvHelperException e)
        {
            problems.Add(new(e.Context?.Parser?.RawRow ?? 0, "", "The file could not be read as CSV here; check its quotes."));
        }
        if (rows.Count == 0 && problems.Count == 0)
        {
            problems.Add(new(0, "", "The file has a header but no products."));
        }
        return new(format, columns, rows, problems);

        ProductCsvFile Empty(string message) => new(format, columns, [], [new(0, "", message)]);
    }

    /// <summary>Which field index holds which store column; problems for a missing sku column or a repeated column.</summary>
    private static List<(int Index, string Column)> HeaderMap(List<string> header, ProductCsvFormat format, List<ProductCsvProblem> problems)
    {
        var map = new List<(int, string)>();
        for (var i = 0; i < header.Count; i++)
        {
            var column = format == ProductCsvFormat.Shopify
                ? ShopifyColumns.GetValueOrDefault(header[i])
                : Columns.FirstOrDefault(c => c.Equals(header[i].Replace(' ', '_'), StringComparison.OrdinalIgnoreCase));
            if (column is null)
            {
                // A Shopify export has dozens of columns this store has no use for; our own file names only ours.
                if (format == ProductCsvFormat.Storefront && header[i].Length > 0)
                {
                    problems.Add(new(1, header[i], $"Unknown column \"{header[i]}\". The columns are: {string.Join(", ", Columns)}."));
                }
                continue;
            }
            if (map.Any(m => m.Item2 == column))
            {
                problems.Add(new(1, header[i], $"The column \"{header[i]}\" appears twice."));
                continue;
            }
            map.Add((i, column));
        }
        if (!map.Any(m => m.Item2 == Sku))
        {
            problems.Add(new(1, Sku, format == ProductCsvFormat.Shopify
                ? "A Shopify file needs its \"Variant SKU\" column: products are matched by SKU."
                : "The file needs a \"sku\" column: products are matched by SKU."));
        }
        return map;
    }

    /// <summary>
    /// A Shopify row: the first row of a handle carries the product; later rows of the same handle are
    /// further variants (kept, named after the product and their option) or extra images (skipped).
    /// Body (HTML) becomes plain text.
    /// </summary>
    private static bool Shopify(Dictionary<string, string> cells, ref string? handle, ref string? title)
    {
        var rowHandle = cells.GetValueOrDefault(Slug, "").Trim();
        var rowTitle = cells.GetValueOrDefault(Name, "").Trim();
        if (rowHandle.Length > 0 && rowHandle == handle && rowTitle.Length == 0)
        {
            if (cells.GetValueOrDefault(Sku, "").Trim().Length == 0)
            {
                return false;
            }
            // A further variant: its own product, its own web address (made from the name).
            cells[Name] = title + " " + cells[Sku].Trim();
            cells.Remove(Slug);
            cells.Remove(Description);
            cells.Remove(Category);
            return true;
        }
        handle = rowHandle;
        title = rowTitle;
        if (cells.TryGetValue(Description, out var html))
        {
            cells[Description] = PlainText(html);
        }
        if (cells.TryGetValue(Category, out var type) && type.Trim().Length == 0)
        {
            cells.Remove(Category);
        }
        return true;
    }

    /// <summary>HTML as the text a shopper reads: tags, scripts and styles gone, paragraphs and list items on their own lines.</summary>
    public static string PlainText(string html)
    {
        if (!html.Contains('<', StringComparison.Ordinal) && !html.Contains('&', StringComparison.Ordinal))
        {
            return html.Trim();
        }
        var document = new HtmlParser().ParseDocument("<body>" + html + "</body>");
        foreach (var element in document.QuerySelectorAll("script, style, template, noscript, iframe, object"))
        {
            element.Remove();
        }
        foreach (var element in document.QuerySelectorAll("br"))
        {
            element.Replace(document.CreateTextNode("\n"));
        }
        foreach (var element in document.QuerySelectorAll("p, div, li, h1, h2, h3, h4, h5, h6, tr, ul, ol, table, blockquote"))
        {
            element.Append(document.CreateTextNode("\n"));
        }
        var text = document.Body?.TextContent ?? "";
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n')
            .Select(l => string.Join(' ', l.Split([' ', '\t', '\u00a0'], StringSplitOptions.RemoveEmptyEntries)))
            .Where(l => l.Length > 0);
        // TextContent has the entities decoded already; decoding again would turn "&amp;lt;" into "<".
        return string.Join('\n', lines);
    }

    /// <summary>A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP's advice).</summary>
    public static string Escape(string cell) =>
        cell.Length > 0 && FormulaStarts.Contains(cell[0]) ? "'" + cell : cell;

    /// <summary>Takes <see cref="Escape"/>'s apostrophe off again, so an exported file re-imports as it was.</summary>
    public static string Unescape(string cell) =>
        cell.Length > 1 && cell[0] == '\'' && FormulaStarts.Contains(cell[1]) ? cell[1..] : cell;

    /// <summary>Writes the header and one line per product, flushing as it goes so a large catalog streams.</summary>
    public static async Task WriteAsync(IAsyncEnumerable<IReadOnlyList<string>> rows, TextWriter writer, CancellationToken ct = default, int flushEvery = 500)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n", InjectionOptions = InjectionOptions.None };
        await using var csv = new CsvWriter(writer, config, leaveOpen: true);
        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }
        await csv.NextRecordAsync();
        var written = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            foreach (var cell in row)
            {
                csv.WriteField(Escape(cell));
            }
            await csv.NextRecordAsync();
            if (++written % flushEvery == 0)
            {
                await csv.FlushAsync();
            }
        }
        await csv.FlushAsync();
    }
}
