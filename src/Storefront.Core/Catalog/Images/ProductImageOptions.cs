namespace Storefront.Core.Catalog;

/// <summary>Where uploaded product pictures are kept and how big an upload may be (section "Media").</summary>
public sealed class ProductImageOptions
{
    public const string Section = "Media";

    /// <summary>The folder the pictures are stored in, by content hash; relative paths are under the app's folder. Several instances share one folder (a volume).</summary>
    public string Path { get; set; } = "App_Data/media";

    /// <summary>The largest file staff may upload.</summary>
    public long MaxBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>The most pixels (width × height) an upload may decode to: a small file can claim a huge picture.</summary>
    public long MaxPixels { get; set; } = 40_000_000;
}
