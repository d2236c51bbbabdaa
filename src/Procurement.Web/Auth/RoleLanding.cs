using Procurement.Core.Users;
using Procurement.Web.Platform;

namespace Procurement.Web.Auth;

/// <summary>
/// Where a fresh sign-in lands (issue #21): each role on its own portal — a supplier on its dashboard, finance on the
/// payments, an approver on the orders awaiting approval, an admin on the listing reviews, a purchaser on the shop. A
/// return URL on this site still wins (the page the sign-in interrupted), except the storefront's <c>/</c>, which the
/// header's sign-in button passes from the home page and which is nobody's work but the purchaser's; one to another
/// site is never followed (<see cref="LocalPaths.IsLocal"/>).
/// </summary>
public static class RoleLanding
{
    public static string For(string? role) => role switch
    {
        Roles.Supplier => "/supplier",
        Roles.Finance => "/finance/payments",
        Roles.Approver => "/approvals",
        Roles.Admin => "/admin/reviews",
        _ => "/",
    };

    /// <summary>The return URL if it is a page of this site other than the storefront's home, otherwise the role's portal.</summary>
    public static string Target(string? returnUrl, string? role) =>
        returnUrl is { Length: > 0 } && returnUrl != "/" && LocalPaths.IsLocal(returnUrl) ? returnUrl : For(role);
}
