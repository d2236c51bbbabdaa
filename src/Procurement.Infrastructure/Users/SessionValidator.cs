using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Procurement.Infrastructure.Users;

/// <summary>
/// Whether a sign-in is still good: the account exists, is not disabled, and its security stamp is the one the
/// sign-in carries. Disabling a user, changing their role or tenant, a new password and signing out all rotate the
/// stamp. Answers are cached for <see cref="CacheFor"/>, so a revoked session ends within that.
/// A temporary lockout (five wrong passwords) is no revocation: it stops new sign-ins with a password, and a stranger
/// guessing an address must not sign its owner out of the API, the refresh and the open pages.
/// </summary>
public sealed class SessionValidator(IServiceScopeFactory scopes, IMemoryCache cache, IOptions<IdentityOptions> identity, TimeProvider clock)
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
            return user is null || user.IsDisabled(clock.GetUtcNow()) ? null : await users.GetSecurityStampAsync(user);
        });
        return current is not null && current == stamp;
    }

    /// <summary>Forgets the cached answer for a user whose stamp this instance just rotated (other instances follow within <see cref="CacheFor"/>).</summary>
    public void Forget(Guid userId) => cache.Remove($"security-stamp:{userId}");
}
