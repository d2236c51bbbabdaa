using Microsoft.AspNetCore.Identity;
using Procurement.Core.Common;

namespace Procurement.Infrastructure.Users;

/// <summary>What a password check found. <see cref="User"/> is null for every refusal; <see cref="LockedOut"/> is for the log only.</summary>
public sealed record PasswordSignInResult(AppUser? User, bool LockedOut);

/// <summary>
/// The one password check behind the API's login and the sign-in page. Every refusal (no such account, a wrong
/// password, a locked or disabled account) looks the same to the caller: one message (<see cref="Refusal"/>) and one
/// path, a password hash verified in each case, so neither the words nor the time taken tell which accounts exist.
/// Five wrong passwords lock the account for 15 minutes; the fifth is refused like the other four.
/// </summary>
public sealed class PasswordSignIn(SignInManager<AppUser> signInManager)
{
    private static string? _standInHash;

    /// <summary>The answer to every refused sign-in, on the API (the 401's <c>detail</c>) and the page alike.</summary>
    public static string Refusal => Texts.Pick("邮箱或密码错误，或账户暂时被锁定。", "Wrong email or password, or the account is temporarily locked.");

    public async Task<PasswordSignInResult> CheckAsync(string email, string password)
    {
        var users = signInManager.UserManager;
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            VerifyStandIn(password);
            return new PasswordSignInResult(null, LockedOut: false);
        }
        if (await users.IsLockedOutAsync(user))
        {
            // Identity answers a locked account without hashing; hash anyway, so it takes as long as a wrong password.
            VerifyStandIn(password);
            return new PasswordSignInResult(null, LockedOut: true);
        }
        var check = await signInManager.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        return check.Succeeded ? new PasswordSignInResult(user, false) : new PasswordSignInResult(null, check.IsLockedOut);
    }

    private void VerifyStandIn(string password)
    {
        var hasher = signInManager.UserManager.PasswordHasher;
        _standInHash ??= hasher.HashPassword(new AppUser(), Guid.NewGuid().ToString());
        hasher.VerifyHashedPassword(new AppUser(), _standInHash, password);
    }
}
