using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Procurement.Core.Users;

namespace Procurement.Web.Auth;

/// <summary>
/// API policies authenticate bearer tokens only: the browser's cookie never authorizes an API call, so the API
/// needs no CSRF defence. Pages use the cookie and their own role checks.
/// </summary>
public static class Policies
{
    public const string ApiAdmin = "api-admin";
    public const string ApiSupplier = "api-supplier";
    public const string ApiSignedIn = "api-signed-in";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(ApiAdmin, p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireRole(Roles.Admin));
        options.AddPolicy(ApiSupplier, p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireRole(Roles.Supplier, Roles.Admin));
        options.AddPolicy(ApiSignedIn, p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireAuthenticatedUser());
    }
}
