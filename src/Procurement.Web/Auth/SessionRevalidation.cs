using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Procurement.Infrastructure.Users;

namespace Procurement.Web.Auth;

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
            // Only bearer calls: API policies never accept the browser's cookie, which its own validator re-checks.
            if (context.Request.Path.StartsWithSegments("/api") && context.User.Identity?.IsAuthenticated == true
                && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                && !await context.RequestServices.GetRequiredService<SessionValidator>().IsCurrentAsync(context.User))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            await next(context);
        });
}
