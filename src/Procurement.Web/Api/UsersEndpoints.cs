using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Procurement.Core.Common;
using Procurement.Core.Users;
using Procurement.Web.Auth;

namespace Procurement.Web.Api;

public static class UsersEndpoints
{
    public static IEndpointRouteBuilder MapUsersAdmin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/users").WithTags("Admin: users").RequireCapability(Capability.Administer);
        group.MapPost("/", Create);
        group.MapGet("/", List);
        group.MapGet("/{id:guid}", Get);
        group.MapPut("/{id:guid}", Update);
        return app;
    }

    [EndpointSummary("Create an account with its role and union or supplier")]
    public static async Task<Results<Created<IdResponse>, ProblemHttpResult>> Create(
        UserRequest request, UserAdmin users, CancellationToken cancellationToken)
    {
        var result = await users.CreateAsync(request, cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/admin/users/{result.Value!.Id}", new IdResponse(result.Value.Id))
            : result.Error!.ToProblem();
    }

    [EndpointSummary("List accounts, filtered by email or name")]
    public static async Task<Results<Ok<Paged<UserDetails>>, ProblemHttpResult>> List(
        string? q, int? page, int? pageSize, IValidator<ListQuery> validator, UserAdmin users, CancellationToken cancellationToken)
    {
        var query = new ListQuery(q, page ?? 1, pageSize ?? 20);
        return await validator.CheckAsync(query, cancellationToken) is { } invalid
            ? invalid
            : (await users.ListAsync(query, cancellationToken)).ToOk();
    }

    [EndpointSummary("One account")]
    public static async Task<Results<Ok<UserDetails>, ProblemHttpResult>> Get(Guid id, UserAdmin users, CancellationToken cancellationToken)
    {
        return (await users.GetAsync(id, cancellationToken)).ToOk();
    }

    [EndpointSummary("Change an account: name, role, tenant, disable, or set a new password")]
    public static async Task<Results<Ok<UserDetails>, ProblemHttpResult>> Update(
        Guid id, UserUpdateRequest request, UserAdmin users, CancellationToken cancellationToken)
    {
        return (await users.UpdateAsync(id, request, cancellationToken)).ToOk();
    }
}
