using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Procurement.Core.Common;
using Procurement.Infrastructure.Users;

namespace Procurement.Web.Auth;

/// <summary>
/// Authorization policies are made from Core's capabilities (<see cref="Access"/>), never from role lists: an API
/// group says <c>.RequireCapability(Capability.FinanceRead)</c>, a page says <c>@attribute [RequireCapability(Capability.Supply)]</c>,
/// and both ask the same table the use cases ask. API policies authenticate bearer tokens only (a browser's cookie
/// never authorizes an API call, so the API needs no CSRF defence); page and download-link policies use the cookie.
/// </summary>
public static class Policies
{
    private const string PagePrefix = "cap:";
    private const string ApiPrefix = "api-cap:";

    /// <summary>The policy a page, a component or a cookie download link names: any of <paramref name="capabilities"/>.</summary>
    public static string Page(params Capability[] capabilities) => PagePrefix + string.Join(',', capabilities);

    /// <summary>The bearer-token policy of an API route: any of <paramref name="capabilities"/>.</summary>
    public static string Api(params Capability[] capabilities) => ApiPrefix + string.Join(',', capabilities);

    /// <summary>Requires any of <paramref name="capabilities"/>, with a bearer token.</summary>
    public static TBuilder RequireCapability<TBuilder>(this TBuilder builder, params Capability[] capabilities) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Api(capabilities));

    /// <summary>Requires any of <paramref name="capabilities"/>, with the browser's cookie (the portals' download links).</summary>
    public static TBuilder RequirePageCapability<TBuilder>(this TBuilder builder, params Capability[] capabilities) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Page(capabilities));

    /// <summary>The capabilities a policy name stands for, or null when it is not one of ours.</summary>
    public static (Capability[] Capabilities, bool Bearer)? Parse(string policyName)
    {
        var bearer = policyName.StartsWith(ApiPrefix, StringComparison.Ordinal);
        if (!bearer && !policyName.StartsWith(PagePrefix, StringComparison.Ordinal))
        {
            return null;
        }
        var names = policyName[(bearer ? ApiPrefix : PagePrefix).Length..].Split(',');
        var capabilities = new Capability[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            // Names exactly as written: Enum.TryParse would also take "1" (a number), " Purchase" (padding) or "Purchase, Approve".
            if (Array.IndexOf(Enum.GetNames<Capability>(), names[i]) < 0 || !Enum.TryParse(names[i], ignoreCase: false, out capabilities[i]))
            {
                return null;
            }
        }
        return (capabilities, bearer);
    }
}

/// <summary>A page or component that needs any of the given capabilities (cookie sign-in).</summary>
public sealed class RequireCapabilityAttribute : AuthorizeAttribute
{
    public RequireCapabilityAttribute(params Capability[] capabilities) => Policy = Policies.Page(capabilities);
}

/// <summary>Any of these capabilities lets the caller through.</summary>
public sealed record CapabilityRequirement(IReadOnlyList<Capability> AnyOf) : IAuthorizationRequirement;

/// <summary>Answers a <see cref="CapabilityRequirement"/> by asking <see cref="Access"/> about the signed-in principal.</summary>
public sealed class CapabilityHandler : AuthorizationHandler<CapabilityRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, CapabilityRequirement requirement)
    {
        if (new PrincipalUser(context.User).CanAny([.. requirement.AnyOf]))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}

/// <summary>Builds capability policies from their names (once each; authorization asks on every request); other names go to the default provider.</summary>
public sealed class CapabilityPolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, AuthorizationPolicy> _built = new(StringComparer.Ordinal);

    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (_built.TryGetValue(policyName, out var known))
        {
            return known;
        }
        if (Policies.Parse(policyName) is not { } parsed)
        {
            return await base.GetPolicyAsync(policyName);
        }
        var policy = new AuthorizationPolicyBuilder();
        if (parsed.Bearer)
        {
            policy.AddAuthenticationSchemes(IdentityConstants.BearerScheme);
        }
        return _built.GetOrAdd(policyName, policy.RequireAuthenticatedUser().AddRequirements(new CapabilityRequirement(parsed.Capabilities)).Build());
    }
}

/// <summary>A signed-in principal seen as Core's caller (never the system identity).</summary>
public sealed class PrincipalUser(ClaimsPrincipal principal) : ICurrentUser
{
    private bool SignedIn => principal.Identity?.IsAuthenticated == true;

    public Guid? UserId => GuidClaim(ClaimTypes.NameIdentifier);
    public string? Role => SignedIn ? principal.FindFirstValue(ClaimTypes.Role) : null;
    public Guid? UnionId => GuidClaim(ProcurementClaims.UnionId);
    public Guid? SupplierId => GuidClaim(ProcurementClaims.SupplierId);
    public bool IsSystem => false;

    private Guid? GuidClaim(string type) => SignedIn && Guid.TryParse(principal.FindFirstValue(type), out var id) ? id : null;
}
