using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Storefront.Core.Catalog;
using Storefront.Core.Data;

namespace Storefront.Web.Areas.Admin.Pages.Products;

/// <summary>
/// Product import and export. An upload is kept under its SHA-256 while staff read the dry run; "Apply"
/// names that hash, so what is applied is exactly the file that was checked, checked once more.
/// </summary>
// Well above the file limit, so a file somewhat too large still reaches the page and gets its message.
[RequestSizeLimit(ImageModel.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = ImageModel.MaxRequestBytes)]
public partial class ImportModel(ProductImport import, StorefrontDbContext db, IOptions<ProductImageOptions> media, IWebHostEnvironment host, TimeProvider clock) : PageModel
{
    public ImportReport? Report { get; private set; }

    /// <summary>The checked file's hash, carried by the Apply form.</summary>
    public string? Upload { get; private set; }

    public string? FileName { get; private set; }

    private string Folder => Path.Combine(Path.GetFullPath(media.Value.Path, host.ContentRootPath), "imports");

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", "Choose a CSV file to import.");
            return Page();
        }
        if (file.Length > ProductCsv.MaxBytes)
        {
            ModelState.AddModelError("file", $"The file is larger than {ProductCsv.MaxBytes / 1024 / 1024} MB; split it into smaller files.");
            return Page();
        }
        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, ct);
        }
        Upload = Convert.ToHexStringLower(SHA256.HashData(bytes));
        FileName = Path.GetFileName(file.FileName);
        Directory.CreateDirectory(Folder);
        ForgetOldUploads();
        await System.IO.File.WriteAllBytesAsync(PathOf(Upload), bytes, ct);
        Report = await import.DryRunAsync(new MemoryStream(bytes, writable: false), FileName, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(string? upload, string? fileName, CancellationToken ct)
    {
        if (upload is null || !HashPattern().IsMatch(upload) || !System.IO.File.Exists(PathOf(upload)))
        {
            ModelState.AddModelError("file", "That upload is no longer here (uploads are kept for a day). Upload the file again.");
            return Page();
        }
        FileName = Path.GetFileName(fileName ?? "products.csv");
        var bytes = await System.IO.File.ReadAllBytesAsync(PathOf(upload), ct);
        Report = await import.ApplyAsync(new MemoryStream(bytes, writable: false), FileName, User.Identity?.Name ?? "staff", ct);
        if (Report.Applied)
        {
            System.IO.File.Delete(PathOf(upload));
        }
        else
        {
            Upload = upload;
        }
        return Page();
    }

    /// <summary>Every product, streamed as it is read; the file imports back as it is.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        Response.ContentType = "text/csv; charset=utf-8";
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName($"products-{clock.GetUtcNow():yyyy-MM-dd}.csv");
        Response.Headers.ContentDisposition = disposition.ToString();
        await using (var writer = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true))
        {
            await ProductCsv.WriteAsync(ProductExport.RowsAsync(db, ct), writer, ct);
        }
        return new EmptyResult();
    }

    private string PathOf(string hash) => Path.Combine(Folder, hash + ".csv");

    private void ForgetOldUploads()
    {
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-1);
        foreach (var old in new DirectoryInfo(Folder).EnumerateFiles("*.csv").Where(f => f.LastWriteTimeUtc < cutoff))
        {
            old.Delete();
        }
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex HashPattern();
}
