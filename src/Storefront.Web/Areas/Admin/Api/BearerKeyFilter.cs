using Microsoft.Extensions.Options;
using Storefront.Core.Identity;

namespace Storefront.Web.Areas.Admin.Api;

/// <summary>
/// Lets a request through only with <c>Authorization: Bearer &lt;key&gt;</c> where the key is an
/// active API key (found by its SHA-256 hash) or the configured bootstrap key (compared in constant
/// time). Anything else is 401 with <c>WWW-Authenticate: Bearer</c>. The caller's name is left in
/// <see cref="ActorItem"/> for the stock ledger and ETA history.
/// </summary>
public sealed class BearerKeyFilter(ApiKeys keys, IOptions<AdminApiOptions> options) : IEndpointFilter
{
    public const string ActorItem = "Storefront.ApiActor";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var presented = BearerToken(http.Request.Headers.Authorization.ToString());
        string? actor = null;
        if (presented is not null)
        {
            var bootstrap = options.Value.BootstrapKey;
            if (!string.IsNullOrEmpty(bootstrap) && ApiKeys.FixedTimeEquals(presented, bootstrap))
            {
                actor = "api:bootstrap";
            }
            else if (await keys.FindActiveAsync(presented, http.RequestAborted) is { } key)
            {
                actor = $"api:{key.Name} ({key.Prefix}…)";
            }
        }
        if (actor is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: presented is null ? "Send Authorization: Bearer <key>." : "The API key is not valid or has been revoked.");
        }
        http.Items[ActorItem] = actor;
        return await next(context);
    }

    private static string? BearerToken(string header)
    {
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var token = header[scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}
