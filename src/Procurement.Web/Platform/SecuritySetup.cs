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

        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the proxies named in configuration are believed (ForwardedHeaders:KnownProxies, comma-separated).
            options.KnownProxies.Clear();
            foreach (var proxy in (configuration["ForwardedHeaders:KnownProxies"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }
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

    /// <summary>The contract's 429 <c>too-many-requests</c>, with <c>Retry-After</c> in whole seconds.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooManyRequests(HttpContext context, TimeSpan retryAfter)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(Texts.Pick("请求过于频繁，请稍后再试。", "Too many requests; try again shortly."),
            statusCode: StatusCodes.Status429TooManyRequests, title: ProblemsSetup.TitleFor("too-many-requests"), type: ProblemsSetup.TypePrefix + "too-many-requests");
    }
}

/// <summary>
/// Sign-in attempts, for the API and the sign-in page alike. Per account, whichever IP they come from, a password
/// guesser spread over many addresses still gets <see cref="RateLimitOptions.LoginPerAccountPerMinute"/> tries a
/// minute (and lockout after five wrong ones). Failures are logged (email and address, never the password) and
/// counted in <c>procurement.auth.failed_logins</c>.
/// </summary>
public sealed class SignInAttempts(RateLimitOptions limits, ILogger<SignInAttempts> logger) : IDisposable
{
    private static readonly Meter Meter = new("Procurement.Auth");
    private static readonly Counter<long> FailedLogins = Meter.CreateCounter<long>("procurement.auth.failed_logins", description: "Sign-ins refused (wrong password, locked, unknown)");

    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(email =>
        RateLimitPartition.GetFixedWindowLimiter(email, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.LoginPerAccountPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <summary>Null when this attempt may go ahead; otherwise how long to wait.</summary>
    public TimeSpan? TryStart(string email)
    {
        using var lease = _limiter.AttemptAcquire(email.Trim().ToUpperInvariant());
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
    }

    /// <param name="channel"><c>api</c> or <c>web</c>.</param>
    public void Failed(string email, HttpContext context, string channel, bool lockedOut = false)
    {
        logger.LogWarning("Failed {Channel} sign-in for {Email} from {ClientIp} (locked out: {LockedOut})",
            channel, email.Trim(), SecuritySetup.ClientIp(context), lockedOut);
        FailedLogins.Add(1, new KeyValuePair<string, object?>("channel", channel));
    }

    public void Dispose() => _limiter.Dispose();
}
