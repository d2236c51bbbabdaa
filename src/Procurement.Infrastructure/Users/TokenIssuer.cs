using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Procurement.Infrastructure.Persistence;

namespace Procurement.Infrastructure.Users;

/// <summary>The contract's token pair: <c>{ tokenType, accessToken, expiresIn, refreshToken }</c>.</summary>
public sealed record TokenResponse(string TokenType, string AccessToken, long ExpiresIn, string RefreshToken);

/// <summary>
/// Issues bearer tokens for API callers. Access tokens are ASP.NET Core's data-protected bearer tickets (the
/// keys live in the database, so every web instance reads them); refresh tokens are random, stored hashed,
/// and single-use, which the framework's stateless refresh tokens cannot be.
/// </summary>
public sealed class TokenIssuer(
    SignInManager<AppUser> signInManager,
    PasswordSignIn passwords,
    ProcurementDbContext db,
    IOptionsMonitor<BearerTokenOptions> bearerOptions,
    TimeProvider clock)
{
    public static readonly TimeSpan RefreshTokenLifetime = TimeSpan.FromDays(14);

    /// <summary>However often it is refreshed, a session ends this long after its sign-in; then the password is asked again.</summary>
    public static readonly TimeSpan AbsoluteLifetime = TimeSpan.FromDays(30);

    /// <summary>Checks the password (<see cref="PasswordSignIn"/>); the tokens, or why not (for the log: the caller hears one refusal).</summary>
    public async Task<(TokenResponse? Tokens, bool LockedOut)> LoginAsync(string email, string password, CancellationToken cancellationToken)
    {
        var check = await passwords.CheckAsync(email, password);
        return check.User is { } user ? (await IssueAsync(user, clock.GetUtcNow(), cancellationToken), false) : (null, check.LockedOut);
    }

    public async Task<TokenResponse?> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var hash = Hash(refreshToken);
        var stored = await db.RefreshTokens.FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        var now = clock.GetUtcNow();
        if (stored is null || stored.ExpiresAt <= now)
        {
            return null;
        }
        if (stored.ConsumedAt is not null)
        {
            // A used token came back: either the client misbehaves or someone stole it. Cut the whole family.
            await db.RefreshTokens.Where(t => t.UserId == stored.UserId).ExecuteDeleteAsync(cancellationToken);
            return null;
        }
        // Consume with a guard in the WHERE so that two concurrent refreshes with one token cannot both win.
        var consumed = await db.RefreshTokens
            .Where(t => t.Id == stored.Id && t.ConsumedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ConsumedAt, now), cancellationToken);
        if (consumed == 0)
        {
            return null;
        }
        // A refresh is no sign-in with a password: a temporary lockout (someone guessing) leaves it alone; a disabled
        // account's tokens were deleted when it was disabled, and this refuses it anyway.
        var user = await signInManager.UserManager.FindByIdAsync(stored.UserId.ToString());
        if (user is null || user.IsDisabled(now))
        {
            return null;
        }
        return await IssueAsync(user, stored.SignedInAt, cancellationToken);
    }

    /// <summary>Ends every refresh token of the user (signing out): access tokens follow when the stamp rotates.</summary>
    public Task<int> RevokeAllAsync(Guid userId, CancellationToken cancellationToken) =>
        db.RefreshTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(cancellationToken);

    /// <summary>The daily <c>refresh-token-purge</c>: tokens past their expiry (used or not) are of no use, even for replay detection.</summary>
    public Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return db.RefreshTokens.Where(t => t.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task<TokenResponse> IssueAsync(AppUser user, DateTimeOffset signedInAt, CancellationToken cancellationToken)
    {
        var options = bearerOptions.Get(IdentityConstants.BearerScheme);
        var now = clock.GetUtcNow();
        var principal = await signInManager.CreateUserPrincipalAsync(user);
        var properties = new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + options.BearerTokenExpiration };
        var accessToken = options.BearerTokenProtector.Protect(new AuthenticationTicket(principal, properties, IdentityConstants.BearerScheme));

        var refreshToken = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        db.RefreshTokens.Add(new RefreshToken
        {
            UserId = user.Id,
            TokenHash = Hash(refreshToken),
            CreatedAt = now,
            SignedInAt = signedInAt,
            ExpiresAt = Min(now + RefreshTokenLifetime, signedInAt + AbsoluteLifetime),
        });
        await db.SaveChangesAsync(cancellationToken);
        return new TokenResponse("Bearer", accessToken, (long)options.BearerTokenExpiration.TotalSeconds, refreshToken);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
