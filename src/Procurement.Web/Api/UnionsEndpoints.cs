using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Procurement.Core.Common;
using Procurement.Core.Unions;
using Procurement.Web.Auth;

namespace Procurement.Web.Api;

public static class UnionsEndpoints
{
    public static IEndpointRouteBuilder MapUnionsAdmin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/unions").WithTags("Admin: unions").RequireCapability(Capability.Administer);
        group.MapPost("/", Create);
        group.MapGet("/", List);
        group.MapGet("/{id:guid}", Get);
        group.MapPut("/{id:guid}", Update);
        return app;
    }

    [EndpointSummary("Register a union with its caps and yearly budgets")]
    public static async Task<Results<Created<IdResponse>, ProblemHttpResult>> Create(
        UnionRequest request, UnionAdmin unions, CancellationToken cancellationToken)
    {
        var result = await unions.CreateAsync(request, cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/admin/unions/{result.Value!.Id}", new IdResponse(result.Value.Id))
            : result.Error!.ToProblem();
    }

    [EndpointSummary("List unions, filtered by name or USCC")]
    public static async Task<Results<Ok<Paged<UnionDetails>>, ProblemHttpResult>> List(
        string? q, int? page, int? pageSize, IValidator<ListQuery> validator, UnionAdmin unions, CancellationToken cancellationToken)
    {
        var query = new ListQuery(q, page ?? 1, pageSize ?? 20);
        return await validator.CheckAsync(query, cancellationToken) is { } invalid
            ? invalid
            : (await unions.ListAsync(query, cancellationToken)).ToOk();
    }

    [EndpointSummary("One union")]
    public static async Task<Results<Ok<UnionDetails>, ProblemHttpResult>> Get(Guid id, UnionAdmin unions, CancellationToken cancellationToken)
    {
        return (await unions.GetAsync(id, cancellationToken)).ToOk();
    }

    [EndpointSummary("Change a union, its parent, caps or budgets (the budget list is replaced)")]
    public static async Task<Results<Ok<UnionDetails>, ProblemHttpResult>> Update(
        Guid id, UnionRequest request, UnionAdmin unions, CancellationToken cancellationToken)
    {
        return (await unions.UpdateAsync(id, request, cancellationToken)).ToOk();
    }
}
