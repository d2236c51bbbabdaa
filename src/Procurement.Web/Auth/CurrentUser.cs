using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Procurement.Core.Common;
using Procurement.Infrastructure.Users;

namespace Procurement.Web.Auth;

/// <summary>
/// The caller, for tenancy. In an HTTP request it is the request's user; inside a Blazor circuit, where there is
/// no request, <see cref="CircuitUserTracker"/> hands it the circuit's user. Work no person asked for acts as the
/// system only after <see cref="ActAsSystem"/>; without a user and without that call, nobody's rows are visible.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor http) : ICurrentUser, ISystemIdentity
{
    public ClaimsPrincipal? CircuitPrincipal { get; set; }

    /// <summary>Who this scope acts for: the circuit's user inside Blazor, else the request's.</summary>
    public ClaimsPrincipal? Principal => IsSystem ? null : CircuitPrincipal ?? http.HttpContext?.User;

    public bool IsSystem { get; private set; }
    public Guid? UserId => Person?.UserId;
    public string? Role => Person?.Role;
    public Guid? UnionId => Person?.UnionId;
    public Guid? SupplierId => Person?.SupplierId;

    public void ActAsSystem() => IsSystem = true;

    private PrincipalUser? Person => Principal is { } principal ? new PrincipalUser(principal) : null;
}

/// <summary>Keeps <see cref="CurrentUser"/> in step with the circuit's authentication state (Blazor docs' pattern).</summary>
public sealed class CircuitUserTracker(AuthenticationStateProvider authentication, CurrentUser currentUser) : CircuitHandler, IDisposable
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        authentication.AuthenticationStateChanged += OnChanged;
        currentUser.CircuitPrincipal = (await authentication.GetAuthenticationStateAsync()).User;
    }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            currentUser.CircuitPrincipal = (await authentication.GetAuthenticationStateAsync()).User;
            await next(context);
        };

    public void Dispose() => authentication.AuthenticationStateChanged -= OnChanged;

    private async void OnChanged(Task<AuthenticationState> state)
    {
        try
        {
            currentUser.CircuitPrincipal = (await state).User;
        }
        catch (InvalidOperationException)
        {
            // The circuit is going away; nothing to keep in step.
        }
    }
}
