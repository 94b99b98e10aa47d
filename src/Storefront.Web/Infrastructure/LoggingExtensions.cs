using Serilog;
using Serilog.Formatting.Compact;

namespace Storefront.Web.Infrastructure;

public static class LoggingExtensions
{
    /// <summary>Readable console logs in Development, one JSON object per line elsewhere.</summary>
    /// <remarks>
    /// Each host keeps its own logger (<c>preserveStaticLogger</c>): otherwise Serilog writes through the
    /// process-wide <c>Log.Logger</c>, which the last host started replaces, so two stores in one
    /// process (the tests run many) would write into each other's sinks.
    /// </remarks>
    public static WebApplicationBuilder AddStorefrontLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, log) =>
        {
            log.ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext();
            if (builder.Environment.IsDevelopment())
            {
                log.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
            }
            else
            {
                log.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
        }, preserveStaticLogger: true);
        return builder;
    }
}
