using Microsoft.AspNetCore.Identity;
using Procurement.Infrastructure.Users;

namespace Procurement.Web.Api;

/// <summary>The browser's sign-out (the sign-in is the static page <c>/account/login</c>).</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (HttpContext context, SignInManager<AppUser> signInManager, SessionValidator sessions, TokenIssuer tokens) =>
        {
            // Signing out ends every session of the account: its other circuits and bearer tokens stop within minutes,
            // and its refresh tokens at once (else one would mint a fresh token with the new stamp).
            if (await signInManager.UserManager.GetUserAsync(context.User) is { } user)
            {
                await signInManager.UserManager.UpdateSecurityStampAsync(user);
                await tokens.RevokeAllAsync(user.Id, context.RequestAborted);
                sessions.Forget(user.Id);
            }
            await signInManager.SignOutAsync();
            return Results.LocalRedirect("/");
        }).ExcludeFromDescription();
        return app;
    }
}
