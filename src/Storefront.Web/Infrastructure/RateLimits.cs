using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Storefront.Web.Infrastructure;

/// <summary>How many requests one client may make in a window (a fixed window, counted per client address).</summary>
public sealed class RateLimitRule
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }

    public RateLimitRule()
    {
    }

    public RateLimitRule(int permitLimit, TimeSpan window)
    {
        PermitLimit = permitLimit;
        Window = window;
    }
}

/// <summary>
/// Every limit the store puts on clients, bound from the "RateLimits" section (ADR 0016): the forms
/// that cost a password check, an email or a stock hold, and the inventory API. One client is one
/// address (the connection's, or the forwarded one when a trusted proxy is configured).
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sign-in form posts per client.</summary>
    public RateLimitRule SignIn { get; set; } = new(10, TimeSpan.FromMinutes(1));

    /// <summary>Account requests ("create an account") per client; each may send an email.</summary>
    public RateLimitRule Register { get; set; } = new(5, TimeSpan.FromMinutes(15));

    /// <summary>Password reset requests per client; each may send an email.</summary>
    public RateLimitRule ForgotPassword { get; set; } = new(5, TimeSpan.FromMinutes(15));

    /// <summary>"Find my order" requests per client; each may send an email, and each is a guess at an order.</summary>
    public RateLimitRule FindOrder { get; set; } = new(5, TimeSpan.FromMinutes(15));

    /// <summary>Order placements (checkout posts) per client; each holds stock.</summary>
    public RateLimitRule Checkout { get; set; } = new(20, TimeSpan.FromMinutes(10));

    /// <summary>Inventory API requests per client.</summary>
    public RateLimitRule InventoryApi { get; set; } = new(120, TimeSpan.FromMinutes(1));

    /// <summary>"Notify me" requests per client; each sends a confirmation email to the address given.</summary>
    public RateLimitRule BackInStock { get; set; } = new(5, TimeSpan.FromMinutes(1));

    /// <summary>
    /// Wrong passwords one client may try for one account before that client (only) is refused for
    /// that account until the window ends. Counted per typed email, whether or not it has an account.
    /// </summary>
    public RateLimitRule SignInFailures { get; set; } = new(5, TimeSpan.FromMinutes(15));

    /// <summary>
    /// Wrong passwords for one account from all clients together before the account refuses every
    /// sign-in until the window ends: the backstop against guessing spread over many addresses. One
    /// client alone (at most <see cref="SignInFailures"/>) can never reach it.
    /// </summary>
    public RateLimitRule AccountSignInFailures { get; set; } = new(20, TimeSpan.FromMinutes(15));
}

/// <summary>The named policies pages and endpoints ask for with <c>[EnableRateLimiting]</c> / <c>RequireRateLimiting</c>.</summary>
public static class RateLimitPolicies
{
    public const string SignIn = "sign-in";
    public const string Register = "register";
    public const string ForgotPassword = "forgot-password";
    public const string Checkout = "checkout";
    public const string FindOrder = "find-order";
    public const string InventoryApi = "inventory-api";
    public const string BackInStock = "back-in-stock";

    /// <summary>The client a request is counted against: its remote address (after trusted forwarded headers).</summary>
    public static string ClientOf(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } ip ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString() : "unknown";

    internal static void Configure(RateLimiterOptions options, RateLimitOptions limits)
    {
        // Pages limit only what they are posted; reading a page is never counted.
        options.AddPolicy(SignIn, new ClientPolicy(SignIn, limits.SignIn, postsOnly: true));
        options.AddPolicy(Register, new ClientPolicy(Register, limits.Register, postsOnly: true));
        options.AddPolicy(ForgotPassword, new ClientPolicy(ForgotPassword, limits.ForgotPassword, postsOnly: true));
        options.AddPolicy(Checkout, new ClientPolicy(Checkout, limits.Checkout, postsOnly: true));
        options.AddPolicy(FindOrder, new ClientPolicy(FindOrder, limits.FindOrder, postsOnly: true));
        options.AddPolicy(BackInStock, new ClientPolicy(BackInStock, limits.BackInStock, postsOnly: true));
        // Per client address, not per bearer key: a made-up key would otherwise open a fresh allowance.
        options.AddPolicy(InventoryApi, new ClientPolicy(InventoryApi, limits.InventoryApi, postsOnly: false));
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = RejectAsync;
    }

    /// <summary>
    /// 429 with Retry-After. API callers get problem+json; a browser gets the friendly status page
    /// (the status-code pages re-execute /Status/429 for a response without a body).
    /// </summary>
    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimitPolicies))
            .LogWarning("Rate limit reached for {Path} by {Client}", context.Request.Path.Value, ClientOf(context));
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(
                title: "Too many requests",
                detail: $"Try again in {seconds} seconds.",
                statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context);
        }
    }

    private sealed class ClientPolicy(string name, RateLimitRule rule, bool postsOnly) : IRateLimiterPolicy<string>
    {
        private readonly FixedWindowRateLimiterOptions _window = new()
        {
            PermitLimit = Math.Max(1, rule.PermitLimit),
            Window = rule.Window > TimeSpan.Zero ? rule.Window : TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        };

        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => null;

        public RateLimitPartition<string> GetPartition(HttpContext httpContext)
        {
            if (postsOnly && !HttpMethods.IsPost(httpContext.Request.Method))
            {
                return RateLimitPartition.GetNoLimiter("");
            }
            return RateLimitPartition.GetFixedWindowLimiter(name + ":" + ClientOf(httpContext), _ => _window);
        }
    }
}

/// <summary>
/// Wrong passwords, counted in windows (ADR 0016): per typed email and client
/// (<see cref="RateLimitOptions.SignInFailures"/>), so a client that keeps guessing one account's
/// password is refused for that account while its owner, signing in from anywhere else, is not; and
/// per email from all clients (<see cref="RateLimitOptions.AccountSignInFailures"/>), the backstop.
/// Emails with no account are counted the same way, so the answer never tells which exist. The same
/// System.Threading.RateLimiting windows the middleware uses, counting failures only.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perClient;
    private readonly PartitionedRateLimiter<string> _perAccount;

    public SignInThrottle(IOptions<RateLimitOptions> options)
    {
        (_perClient, var clientWindow) = Create(options.Value.SignInFailures);
        (_perAccount, var accountWindow) = Create(options.Value.AccountSignInFailures);
        LongestWait = clientWindow > accountWindow ? clientWindow : accountWindow;
    }

    /// <summary>The longest a refused client may have to wait (for the message).</summary>
    public TimeSpan LongestWait { get; }

    /// <summary>True when sign-in with this email is refused to this client for now.</summary>
    public bool IsBlocked(HttpContext context, string email) =>
        _perClient.GetStatistics(ClientKey(context, email))?.CurrentAvailablePermits == 0
        || _perAccount.GetStatistics(Normalize(email))?.CurrentAvailablePermits == 0;

    /// <summary>Counts one wrong password for this email from this client.</summary>
    public void RecordFailure(HttpContext context, string email)
    {
        using (_perClient.AttemptAcquire(ClientKey(context, email)))
        using (_perAccount.AttemptAcquire(Normalize(email)))
        {
        }
    }

    private static (PartitionedRateLimiter<string> Limiter, TimeSpan Window) Create(RateLimitRule rule)
    {
        var window = new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, rule.PermitLimit),
            Window = rule.Window > TimeSpan.Zero ? rule.Window : TimeSpan.FromMinutes(15),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        return (PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => window)), window.Window);
    }

    private static string Normalize(string email) => email.Trim().ToUpperInvariant();

    private static string ClientKey(HttpContext context, string email) => Normalize(email) + "|" + RateLimitPolicies.ClientOf(context);

    public void Dispose()
    {
        _perClient.Dispose();
        _perAccount.Dispose();
    }
}

/// <summary>Registration of the limits.</summary>
public static class RateLimitExtensions
{
    public static WebApplicationBuilder AddStorefrontRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section);
        builder.Services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<RateLimitOptions>>((options, limits) => RateLimitPolicies.Configure(options, limits.Value));
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddSingleton<SignInThrottle>();
        return builder;
    }

    /// <summary>After routing: the policies are found on the endpoint.</summary>
    public static WebApplication UseStorefrontRateLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }
}
