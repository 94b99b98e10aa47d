using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Storefront.Core.Common;

namespace Storefront.Web.Infrastructure;

/// <summary>Transport settings, bound from the "Security" section.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// HSTS, redirection to https and Secure on every cookie. Unset means on everywhere but Development;
    /// turn it off only for a store reached over plain http on purpose (a laptop demo, the tests).
    /// </summary>
    public bool? RequireHttps { get; set; }

    /// <summary>How long browsers remember to use https only (the HSTS max-age).</summary>
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);
}

/// <summary>Which reverse proxies may tell the store the client's address and scheme (X-Forwarded-For, -Proto).</summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    public bool Enabled { get; set; }

    /// <summary>Proxy addresses trusted besides loopback, e.g. ["10.0.0.5"].</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks trusted besides loopback, e.g. ["10.0.0.0/8"].</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a chain are read (from the nearest one back).</summary>
    public int ForwardLimit { get; set; } = 1;
}

/// <summary>
/// What keeps the store safe on the wire: security headers on every response, https and Secure cookies
/// outside Development, only the store's own host name accepted, trusted proxies, and the client limits
/// (RateLimits.cs). Program.cs calls the three methods; see ADR 0016.
/// </summary>
public static class SecurityExtensions
{
    public static WebApplicationBuilder AddStorefrontSecurity(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var isDevelopment = builder.Environment.IsDevelopment();
        var hstsMaxAge = config.GetValue($"{SecurityOptions.Section}:{nameof(SecurityOptions.HstsMaxAge)}", new SecurityOptions().HstsMaxAge);
        // Anything but an explicit true/false (unset, empty) means the default for the environment.
        var requireHttps = bool.TryParse(config[$"{SecurityOptions.Section}:{nameof(SecurityOptions.RequireHttps)}"], out var explicitHttps)
            ? explicitHttps
            : !isDevelopment;

        // Links are built from Store:BaseUrl, and outside Development no other host name is served
        // (400), unless AllowedHosts is set explicitly.
        if (!isDevelopment && string.IsNullOrWhiteSpace(config["AllowedHosts"]))
        {
            var store = config.GetSection(StoreOptions.Section).Get<StoreOptions>() ?? new StoreOptions();
            if (Uri.TryCreate(store.BaseUrl, UriKind.Absolute, out var baseUri))
            {
                builder.Services.Configure<HostFilteringOptions>(o => o.AllowedHosts = [baseUri.IdnHost]);
            }
        }

        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            var settings = config.GetSection(ForwardedHeadersSettings.Section).Get<ForwardedHeadersSettings>() ?? new ForwardedHeadersSettings();
            // Never X-Forwarded-Host: the host name comes from the store's configuration, not from a header.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = Math.Max(1, settings.ForwardLimit);
            foreach (var proxy in settings.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }
            foreach (var network in settings.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

        builder.Services.AddHsts(o =>
        {
            o.MaxAge = hstsMaxAge;
            o.IncludeSubDomains = false;
            o.Preload = false;
        });

        // One policy for every cookie the store writes (sign-in, antiforgery, cart, session): HttpOnly,
        // SameSite=Lax at least, and Secure unless https is deliberately off.
        builder.Services.Configure<CookiePolicyOptions>(o =>
        {
            o.Secure = requireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.HttpOnly = HttpOnlyPolicy.Always;
            o.MinimumSameSitePolicy = SameSiteMode.Lax;
        });

        // The security headers below forbid framing on every response; antiforgery's own
        // X-Frame-Options (only on responses that issue a token) would say less.
        builder.Services.Configure<AntiforgeryOptions>(o => o.SuppressXFrameOptionsHeader = true);

        builder.Services.AddSingleton(new HttpsRequirement(requireHttps));
        builder.AddStorefrontRateLimits();
        return builder;
    }

    /// <summary>First in the pipeline, so every response (errors and static files included) carries the headers.</summary>
    public static WebApplication UseStorefrontSecurity(this WebApplication app)
    {
        var forwarded = app.Configuration.GetSection(ForwardedHeadersSettings.Section).Get<ForwardedHeadersSettings>();
        if (forwarded?.Enabled == true)
        {
            app.UseForwardedHeaders();
        }
        if (app.Services.GetRequiredService<HttpsRequirement>().Required)
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseMiddleware<SecurityHeaders>();
        app.UseCookiePolicy();
        return app;
    }
}

/// <summary>Whether the store insists on https (HSTS, redirection, Secure cookies).</summary>
public sealed record HttpsRequirement(bool Required);
