using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetVips;
using Storefront.Core.Data;

namespace Storefront.Core.Catalog;

public enum ImageUploadOutcome
{
    Saved,
    Invalid,
    NotFound,
    Conflict,
}

public sealed record ImageUploadResult(ImageUploadOutcome Outcome, string? Error = null, string? ImageUrl = null)
{
    public bool Succeeded => Outcome == ImageUploadOutcome.Saved;
}

/// <summary>
/// Staff's own product pictures (ADR 0024). An upload is checked from its bytes (JPEG, PNG or WebP,
/// the name's extension must agree), its size and its pixel count (read from the header before
/// anything is decoded), then cut to the 4:3 sizes the pages draw (<see cref="Widths"/>) as WebP and
/// stored under its SHA-256, so a picture's address never changes what it shows and may be cached
/// for a year. The product's image address is saved through <see cref="ProductEditing"/>, so the
/// catalog cache forgets the product like any other edit. Products without one keep the drawn SVG.
/// </summary>
public sealed partial class ProductImages(StorefrontDbContext db, ProductEditing editing, IOptions<ProductImageOptions> options, IHostEnvironment host, ILogger<ProductImages> log)
{
    /// <summary>The widths made of every picture: the cart's 96 px (and 2×: 200), cards' and the product page's 400 px (and 2×: 800).</summary>
    public static readonly IReadOnlyList<int> Widths = [96, 200, 400, 800];

    /// <summary>The width a product's <see cref="Product.ImageUrl"/> names; the others are in its srcset.</summary>
    public const int MainWidth = 400;

    public const string UrlPrefix = "/media/images/";

    private ProductImageOptions Options => options.Value;

    /// <summary>The folder the files are in.</summary>
    public string Folder => System.IO.Path.GetFullPath(Options.Path, host.ContentRootPath);

    public static string UrlFor(string hash, int width) => $"{UrlPrefix}{hash}-{width}.webp";

    /// <summary>The stored file a served name refers to, or null for a name this store never makes.</summary>
    public string? FileFor(string name) => FileName().IsMatch(name) ? System.IO.Path.Combine(Folder, name) : null;

    /// <summary>The hash of an uploaded picture's address, or null when the address is not one of ours.</summary>
    public static string? HashOf(string? imageUrl) =>
        imageUrl is not null && OwnUrl().Match(imageUrl) is { Success: true } m ? m.Groups[1].Value : null;

    public async Task<ImageUploadResult> UploadAsync(int productId, string fileName, Stream content, long length, string actor, CancellationToken ct = default)
    {
        if (length <= 0)
        {
            return Invalid("Choose a picture to upload.");
        }
        if (length > Options.MaxBytes)
        {
            return Invalid($"The picture is {Megabytes(length)}; the most is {Megabytes(Options.MaxBytes)}. Save it smaller and try again.");
        }
        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == productId, ct);
        if (product is null)
        {
            return new(ImageUploadOutcome.NotFound, "There is no such product.");
        }
        var bytes = new byte[length];
        await content.ReadExactlyAsync(bytes, ct);

        var kind = Sniff(bytes);
        if (kind is null)
        {
            return Invalid("That file is not a JPEG, PNG or WebP picture.");
        }
        var claimed = Claimed(fileName);
        if (claimed != kind)
        {
            return Invalid(claimed is null
                ? $"Name the file .jpg, .png or .webp: it is a {kind} picture."
                : $"The file is named as a {claimed} picture but its contents are {kind}. Upload the original file.");
        }

        string hash;
        try
        {
            using (var header = Image.NewFromBuffer(bytes, access: Enums.Access.Sequential))
            {
                if ((long)header.Width * header.Height > Options.MaxPixels)
                {
                    return Invalid($"The picture is {header.Width:N0} × {header.Height:N0} pixels; the most is {Options.MaxPixels / 1_000_000:N0} million pixels.");
                }
            }
            hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
            Directory.CreateDirectory(Folder);
            foreach (var width in Widths)
            {
                var path = System.IO.Path.Combine(Folder, $"{hash}-{width}.webp");
                if (File.Exists(path))
                {
                    continue;
                }
                using var resized = Image.ThumbnailBuffer(bytes, width, height: width * 3 / 4, crop: Enums.Interesting.Centre);
                var webp = resized.WebpsaveBuffer(q: 80, keep: Enums.ForeignKeep.None);
                await WriteOnceAsync(path, webp, ct);
            }
        }
        catch (VipsException e)
        {
            log.LogWarning(e, "Picture upload for product {ProductId} could not be read", productId);
            return Invalid($"The picture could not be read; the {kind} file may be damaged. Save it again and upload that.");
        }

        var url = UrlFor(hash, MainWidth);
        var saved = await editing.UpdateAsync(productId, ProductDraft.From(product) with { ImageUrl = url }, actor, ct);
        return saved.Outcome switch
        {
            ProductSaveOutcome.Saved => new(ImageUploadOutcome.Saved, null, url),
            ProductSaveOutcome.NotFound => new(ImageUploadOutcome.NotFound, "There is no such product."),
            ProductSaveOutcome.Conflict => new(ImageUploadOutcome.Conflict, "Someone saved this product just now; upload the picture again."),
            _ => Invalid(string.Join(" ", saved.Errors.Select(e => e.Message))),
        };
    }

    /// <summary>Goes back to the drawn picture. The files stay: another product may show the same picture.</summary>
    public async Task<ImageUploadResult> RemoveAsync(int productId, string actor, CancellationToken ct = default)
    {
        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == productId, ct);
        if (product is null)
        {
            return new(ImageUploadOutcome.NotFound, "There is no such product.");
        }
        var saved = await editing.UpdateAsync(productId, ProductDraft.From(product) with { ImageUrl = null }, actor, ct);
        return saved.Succeeded ? new(ImageUploadOutcome.Saved) : new(ImageUploadOutcome.Conflict, "Someone saved this product just now; try again.");
    }

    /// <summary>JPEG, PNG or WebP from the file's first bytes; null for anything else.</summary>
    public static string? Sniff(ReadOnlySpan<byte> b) =>
        b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF ? "JPEG"
        : b.Length >= 8 && b[..8].SequenceEqual((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "PNG"
        : b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8) ? "WebP"
        : null;

    private static string? Claimed(string fileName) => System.IO.Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" => "JPEG",
        ".png" => "PNG",
        ".webp" => "WebP",
        _ => null,
    };

    /// <summary>Written beside the target and moved into place: a reader never sees half a file, and a racing upload of the same picture is harmless.</summary>
    private static async Task WriteOnceAsync(string path, byte[] bytes, CancellationToken ct)
    {
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temp, bytes, ct);
        File.Move(temp, path, overwrite: true);
    }

    private static string Megabytes(long bytes) => $"{bytes / 1024d / 1024d:0.#} MB";

    private static ImageUploadResult Invalid(string message) => new(ImageUploadOutcome.Invalid, message);

    [GeneratedRegex("^[0-9a-f]{64}-(96|200|400|800)\\.webp$")]
    private static partial Regex FileName();

    [GeneratedRegex("^/media/images/([0-9a-f]{64})-400\\.webp$")]
    private static partial Regex OwnUrl();
}
