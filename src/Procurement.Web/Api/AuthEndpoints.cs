using System.ComponentModel;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Procurement.Core.Common;
using Procurement.Infrastructure.Users;
using Procurement.Web.Platform;

namespace Procurement.Web.Api;

public sealed record LoginRequest(string Email, string Password);

public sealed record RefreshRequest(string RefreshToken);

public sealed class LoginRequestValidator : AbstractValidator<LoginRequest>
{
    public LoginRequestValidator()
    {
        RuleFor(x => x.Email).NotEmpty().MaximumLength(256);
        RuleFor(x => x.Password).NotEmpty().MaximumLength(128);
    }
}

public sealed class RefreshRequestValidator : AbstractValidator<RefreshRequest>
{
    public RefreshRequestValidator() => RuleFor(x => x.RefreshToken).NotEmpty().MaximumLength(200);
}

public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/auth").WithTags("Authentication").AllowAnonymous().RequireRateLimiting(SecuritySetup.AuthPolicy);
        group.MapPost("/login", Login);
        group.MapPost("/refresh", Refresh);
        return app;
    }

    [EndpointSummary("Exchange email and password for a bearer token and a refresh token")]
    [Description("Every refused sign-in (unknown email, wrong password, locked or disabled account) answers the same 401. Five wrong passwords in a row lock the account for 15 minutes against new sign-ins; tokens already issued keep working. Attempts are limited per client IP and per account (RateLimits:*); past a limit the answer is 429 with Retry-After.")]
    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Login(
        LoginRequest request, IValidator<LoginRequest> validator, TokenIssuer tokens, SignInAttempts attempts, HttpContext context,
        CancellationToken cancellationToken)
    {
        if (await validator.CheckAsync(request, cancellationToken) is { } invalid)
        {
            return invalid;
        }
        if (attempts.TryStart(request.Email) is { } wait)
        {
            return SecuritySetup.TooManyRequests(context, wait);
        }
        var (issued, lockedOut) = await tokens.LoginAsync(request.Email, request.Password, cancellationToken);
        if (issued is not null)
        {
            return TypedResults.Ok(issued);
        }
        attempts.Failed(request.Email, context, "api", lockedOut);
        return Unauthorized(PasswordSignIn.Refusal);
    }

    [EndpointSummary("Exchange a refresh token for a new token pair; the old refresh token stops working")]
    [Description("A refresh is no sign-in with a password: it works while the account is temporarily locked out, and stops when an admin disables the account or changes its password, role or tenant, or when the account signs out in the browser. Limited per client IP like the login.")]
    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Refresh(
        RefreshRequest request, IValidator<RefreshRequest> validator, TokenIssuer tokens, CancellationToken cancellationToken)
    {
        if (await validator.CheckAsync(request, cancellationToken) is { } invalid)
        {
            return invalid;
        }
        return await tokens.RefreshAsync(request.RefreshToken, cancellationToken) is { } issued
            ? TypedResults.Ok(issued)
            : Unauthorized(Texts.Pick("刷新令牌无效或已过期。", "The refresh token is invalid or has expired."));
    }

    private static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(detail, statusCode: 401, title: ProblemsSetup.TitleFor("unauthorized"), type: ProblemsSetup.TypePrefix + "unauthorized");
}
