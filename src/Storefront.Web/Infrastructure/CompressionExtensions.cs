using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace Storefront.Web.Infrastructure;

/// <summary>
/// Pages, the feed and the product pictures go out compressed (Brotli or gzip, the fastest level), over
/// https too, except to a signed-in browser (ADR 0019). Static files need none of this: MapStaticAssets
/// serves the copies compressed at build time.
/// </summary>
public static class CompressionExtensions
{
    public static WebApplicationBuilder AddStorefrontCompression(this WebApplicationBuilder builder)
    {
        builder.Services.AddResponseCompression(o =>
        {
            // BREACH needs a secret that stays the same across responses next to text an attacker
            // chooses. A guest's pages have none (antiforgery tokens are encrypted afresh for each
            // response); a signed-in page names the account, and the catalog echoes the search box,
            // so those go uncompressed (SignedInUncompressed below).
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Append("image/svg+xml");
        });
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.AddSingleton<IResponseCompressionProvider, SignedInUncompressed>();
        return builder;
    }

    /// <summary>Early in the pipeline, so error pages and every endpoint below it are covered.</summary>
    public static WebApplication UseStorefrontCompression(this WebApplication app)
    {
        app.UseResponseCompression();
        return app;
    }

    /// <summary>
    /// The framework's choice of encoding, but never for a signed-in user. It is asked when the response
    /// starts, after authentication has run, so <see cref="HttpContext.User"/> is known by then.
    /// </summary>
    private sealed class SignedInUncompressed(IServiceProvider services, IOptions<ResponseCompressionOptions> options) : IResponseCompressionProvider
    {
        private readonly ResponseCompressionProvider _inner = new(services, options);

        public ICompressionProvider? GetCompressionProvider(HttpContext context) => _inner.GetCompressionProvider(context);

        public bool ShouldCompressResponse(HttpContext context) =>
            context.User.Identity?.IsAuthenticated != true && _inner.ShouldCompressResponse(context);

        public bool CheckRequestAcceptsCompression(HttpContext context) => _inner.CheckRequestAcceptsCompression(context);
    }
}
