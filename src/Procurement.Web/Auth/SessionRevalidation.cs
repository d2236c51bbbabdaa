using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Procurement.Infrastructure.Users;

namespace Procurement.Web.Auth;

/// <summary>
/// Whether a sign-in is still good: the account exists, is not locked or disabled, and its security stamp is the
/// one the sign-in carries. Disabling a user, changing their role or tenant, a new password and signing out all
/// rotate the stamp. Answers are cached for <see cref="CacheFor"/>, so a revoked session ends within that.
/// </summary>
public sealed class SessionValidator(IServiceScopeFactory scopes, IMemoryCache cache, IOptions<IdentityOptions> identity)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal)
    {
        var stampClaim = identity.Value.ClaimsIdentity.SecurityStampClaimType;
        if (principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId || principal.FindFirstValue(stampClaim) is not { } stamp)
        {
            return false;
        }
        var current = await cache.GetOrCreateAsync($"security-stamp:{userId}", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            await using var scope = scopes.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByIdAsync(userId);
            return user is null || await users.IsLockedOutAsync(user) ? null : await users.GetSecurityStampAsync(user);
        });
        return current is not null && current == stamp;
    }

    /// <summary>Forgets the cached answer for a user whose stamp this instance just rotated.</summary>
    public void Forget(Guid userId) => cache.Remove($"security-stamp:{userId}");
}

/// <summary>Blazor circuits re-check their user every few minutes; a revoked sign-in turns the circuit anonymous.</summary>
public sealed class RevalidatingAuthenticationStateProvider(ILoggerFactory loggers, SessionValidator sessions)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(3);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        sessions.IsCurrentAsync(authenticationState.User);
}

public static class BearerRevalidation
{
    /// <summary>
    /// Bearer tickets are self-contained and would stay valid for their hour; each API call's user is checked
    /// against the account's current stamp (cached briefly), and a revoked one answers 401.
    /// </summary>
    public static IApplicationBuilder UseBearerRevalidation(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api") && context.User.Identity?.IsAuthenticated == true
                && !await context.RequestServices.GetRequiredService<SessionValidator>().IsCurrentAsync(context.User))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            await next(context);
        });
}
