using Microsoft.AspNetCore.Identity;
using Procurement.Infrastructure.Users;

namespace Procurement.Web.Api;

/// <summary>The browser's sign-out (the sign-in is the static page <c>/account/login</c>).</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (SignInManager<AppUser> signInManager) =>
        {
            await signInManager.SignOutAsync();
            return Results.LocalRedirect("/");
        }).ExcludeFromDescription();
        return app;
    }
}
