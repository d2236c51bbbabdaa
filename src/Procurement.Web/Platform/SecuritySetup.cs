using FluentValidation;
using Procurement.Infrastructure;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Procurement.Core.Common;

namespace Procurement.Web.Platform;

/// <summary><c>RateLimits:*</c>: every limit is configuration; tests and the benchmark may raise them, never the defaults.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Sign-in and refresh attempts per client IP per minute.</summary>
    public int AuthPerIpPerMinute { get; set; } = 60;

    /// <summary>Sign-in attempts per account (email) per minute, from anywhere.</summary>
    public int LoginPerAccountPerMinute { get; set; } = 10;

    /// <summary>Catalog search and suggest per client IP per minute: sized for an office of buyers behind one NAT.</summary>
    public int SearchPerIpPerMinute { get; set; } = 1200;

    /// <summary>Gift page lookups and choices per client IP per minute (#24): plenty for a member, too few to guess codes.</summary>
    public int GiftPerIpPerMinute { get; set; } = 120;
}

/// <summary>
/// <c>ForwardedHeaders:*</c>: the reverse proxies in front of the app, whose <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed. Each is a comma-separated list (so one environment variable holds it).
/// </summary>
public sealed class ProxySettings
{
    /// <summary>Proxy addresses: <c>10.0.0.5, 10.0.0.6</c>; a proxy on the same host is <c>127.0.0.1</c> (or <c>::1</c>).</summary>
    public string KnownProxies { get; set; } = "";

    /// <summary>Proxy networks in CIDR notation, for proxies without fixed addresses: <c>172.18.0.0/16</c>.</summary>
    public string KnownNetworks { get; set; } = "";

    public static string[] Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// Transport and abuse defences: forwarded headers from known proxies, HSTS and secure cookies outside Development,
/// content-type, referrer and content-security policies, and rate limits that answer 429 problems with Retry-After.
/// </summary>
public static class SecuritySetup
{
    public const string AuthPolicy = "auth";
    public const string SearchPolicy = "search";

    public static IServiceCollection AddSecurity(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var limits = configuration.Read<RateLimitOptions>("RateLimits", rules =>
        {
            rules.RuleFor(o => o.AuthPerIpPerMinute).GreaterThan(0);
            rules.RuleFor(o => o.LoginPerAccountPerMinute).GreaterThan(0);
            rules.RuleFor(o => o.SearchPerIpPerMinute).GreaterThan(0);
            rules.RuleFor(o => o.GiftPerIpPerMinute).GreaterThan(0);
        });
        services.AddSingleton(limits);
        services.AddSingleton<SignInAttempts>();
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(AuthPolicy, context => PerMinute($"auth:{ClientIp(context)}", limits.AuthPerIpPerMinute));
            options.AddPolicy(SearchPolicy, context => PerMinute($"search:{ClientIp(context)}", limits.SearchPerIpPerMinute));
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                await TooManyRequests(rejected.HttpContext, retryAfter).ExecuteAsync(rejected.HttpContext);
            };
        });

        var proxies = configuration.Read<ProxySettings>("ForwardedHeaders", rules =>
        {
            rules.RuleFor(o => o.KnownProxies).Must(v => ProxySettings.Split(v).All(a => IPAddress.TryParse(a, out _)))
                .WithMessage("must be IP addresses separated by commas");
            rules.RuleFor(o => o.KnownNetworks).Must(v => ProxySettings.Split(v).All(n => n.Contains('/') && System.Net.IPNetwork.TryParse(n, out _)))
                .WithMessage("must be networks in CIDR notation (10.0.0.0/8) separated by commas");
        });
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            // No proxy configured: no forwarded header is believed at all. (Attack review, #24: with both lists empty
            // the framework believes every peer, so any client could pick a fresh rate-limit partition per request
            // with X-Forwarded-For.)
            var none = ProxySettings.Split(proxies.KnownProxies).Length == 0 && ProxySettings.Split(proxies.KnownNetworks).Length == 0;
            options.ForwardedHeaders = none ? ForwardedHeaders.None : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the proxies named in configuration are believed, not even loopback by default (the framework's
            // default): anyone else's X-Forwarded-For is ignored, so a client cannot choose its own rate-limit partition.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in ProxySettings.Split(proxies.KnownProxies))
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }
            foreach (var network in ProxySettings.Split(proxies.KnownNetworks))
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
            // Walk the chain from the right while each hop is a known proxy, and stop at the first that is not: that
            // is the client. Behind one proxy, what the client itself wrote to the left is never reached.
            options.ForwardLimit = null;
        });
        services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        // Outside Development every cookie is Secure. The test hosts ("Testing") serve plain HTTP on loopback, where
        // antiforgery refuses Secure-only cookies outright, so they keep the request's scheme.
        if (!environment.IsDevelopment() && !environment.IsEnvironment("Testing"))
        {
            services.ConfigureApplicationCookie(options => options.Cookie.SecurePolicy = CookieSecurePolicy.Always);
            services.AddAntiforgery(options => options.Cookie.SecurePolicy = CookieSecurePolicy.Always);
        }
        return services;
    }

    public static WebApplication UseSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            // The API reference (Scalar) and the Hangfire dashboard bring inline scripts of their own.
            if (!context.Request.Path.StartsWithSegments("/docs") && !context.Request.Path.StartsWithSegments("/jobs"))
            {
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
            }
            return next(context);
        });
        app.UseRateLimiter();
        return app;
    }

    /// <summary>
    /// What Blazor Server and MudBlazor need and nothing more: scripts from this site only, inline styles (MudBlazor
    /// positions popovers with them), the circuit's WebSocket, images as data URLs, and no framing by anyone.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static string ClientIp(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static RateLimitPartition<string> PerMinute(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });

    /// <summary><c>Retry-After</c> in whole seconds, at least one.</summary>
    public static void RetryAfter(HttpResponse response, TimeSpan retryAfter) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>The contract's 429 <c>too-many-requests</c>, with <c>Retry-After</c> in whole seconds.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooManyRequests(HttpContext context, TimeSpan retryAfter)
    {
        RetryAfter(context.Response, retryAfter);
        return TypedResults.Problem(Texts.Pick("请求过于频繁，请稍后再试。", "Too many requests; try again shortly."),
            statusCode: StatusCodes.Status429TooManyRequests, title: ProblemsSetup.TitleFor("too-many-requests"), type: ProblemsSetup.TypePrefix + "too-many-requests");
    }
}

/// <summary>
/// Sign-in attempts, for the API and the sign-in page alike. Per account, whichever IP they come from, a password
/// guesser spread over many addresses still gets <see cref="RateLimitOptions.LoginPerAccountPerMinute"/> tries a
/// minute (and lockout after five wrong ones). The page's posts are also counted per client address here, since the
/// rate limiter's policies only see endpoints and the page shares its endpoint with its own GET. Failures are logged
/// (email, address and whether the account was locked, never the password) and counted in
/// <c>procurement.auth.failed_logins</c>.
/// </summary>
public sealed class SignInAttempts(RateLimitOptions limits, ILogger<SignInAttempts> logger) : IDisposable
{
    private static readonly Meter Meter = new("Procurement.Auth");
    private static readonly Counter<long> FailedLogins = Meter.CreateCounter<long>("procurement.auth.failed_logins", description: "Sign-ins refused (wrong password, locked, unknown)");

    private readonly PartitionedRateLimiter<string> _perAccount = PerMinute(limits.LoginPerAccountPerMinute);
    private readonly PartitionedRateLimiter<string> _pagePerIp = PerMinute(limits.AuthPerIpPerMinute);

    /// <summary>An API sign-in (its per-address count is the rate limiter's <c>auth</c> policy): null when it may go ahead; otherwise how long to wait.</summary>
    public TimeSpan? TryStart(string email) => Acquire(_perAccount, email.Trim().ToUpperInvariant());

    /// <summary>
    /// A post of the sign-in page, counted per client address (<see cref="RateLimitOptions.AuthPerIpPerMinute"/>, the
    /// address resolved through the known proxies) and per account: null when it may go ahead; otherwise how long to wait.
    /// </summary>
    public TimeSpan? TryStartFromPage(HttpContext context, string email) =>
        Acquire(_pagePerIp, SecuritySetup.ClientIp(context)) ?? TryStart(email);

    private static TimeSpan? Acquire(PartitionedRateLimiter<string> limiter, string key)
    {
        using var lease = limiter.AttemptAcquire(key);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
    }

    private static PartitionedRateLimiter<string> PerMinute(int permits) => PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <param name="channel"><c>api</c> or <c>web</c>.</param>
    public void Failed(string email, HttpContext context, string channel, bool lockedOut = false)
    {
        logger.LogWarning("Failed {Channel} sign-in for {Email} from {ClientIp} (locked out: {LockedOut})",
            channel, email.Trim(), SecuritySetup.ClientIp(context), lockedOut);
        FailedLogins.Add(1, new KeyValuePair<string, object?>("channel", channel));
    }

    public void Dispose()
    {
        _perAccount.Dispose();
        _pagePerIp.Dispose();
    }
}
