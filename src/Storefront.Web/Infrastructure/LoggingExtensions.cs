using Serilog;
using Serilog.Formatting.Compact;

namespace Storefront.Web.Infrastructure;

public static class LoggingExtensions
{
    /// <summary>Readable console logs in Development, one JSON object per line elsewhere.</summary>
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
        });
        return builder;
    }
}
