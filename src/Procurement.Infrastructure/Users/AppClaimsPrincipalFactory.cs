using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Procurement.Infrastructure.Users;

/// <summary>Puts the tenant (union or supplier) and display name into every sign-in, cookie and bearer alike.</summary>
public sealed class AppClaimsPrincipalFactory(
    UserManager<AppUser> userManager, RoleManager<IdentityRole<Guid>> roleManager, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole<Guid>>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ProcurementClaims.DisplayName, user.DisplayName));
        if (user.UnionId is { } unionId)
        {
            identity.AddClaim(new Claim(ProcurementClaims.UnionId, unionId.ToString()));
        }
        if (user.SupplierId is { } supplierId)
        {
            identity.AddClaim(new Claim(ProcurementClaims.SupplierId, supplierId.ToString()));
        }
        return identity;
    }
}
