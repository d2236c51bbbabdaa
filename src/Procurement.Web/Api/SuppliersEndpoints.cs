using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Procurement.Core.Common;
using Procurement.Core.Suppliers;
using Procurement.Web.Auth;

namespace Procurement.Web.Api;

public static class SuppliersEndpoints
{
    public static IEndpointRouteBuilder MapSuppliersAdmin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/suppliers").WithTags("Admin: suppliers").RequireCapability(Capability.Administer);
        group.MapPost("/", Create);
        group.MapGet("/", List);
        group.MapGet("/{id:guid}", Get);
        group.MapPut("/{id:guid}", Update);
        return app;
    }

    [EndpointSummary("Onboard a supplier")]
    public static async Task<Results<Created<IdResponse>, ProblemHttpResult>> Create(
        SupplierRequest request, SupplierAdmin suppliers, CancellationToken cancellationToken)
    {
        var result = await suppliers.CreateAsync(request, cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/admin/suppliers/{result.Value!.Id}", new IdResponse(result.Value.Id))
            : result.Error!.ToProblem();
    }

    [EndpointSummary("List suppliers, filtered by name, USCC or contact")]
    public static async Task<Results<Ok<Paged<SupplierDetails>>, ProblemHttpResult>> List(
        string? q, int? page, int? pageSize, IValidator<ListQuery> validator, SupplierAdmin suppliers, CancellationToken cancellationToken)
    {
        var query = new ListQuery(q, page ?? 1, pageSize ?? 20);
        return await validator.CheckAsync(query, cancellationToken) is { } invalid
            ? invalid
            : (await suppliers.ListAsync(query, cancellationToken)).ToOk();
    }

    [EndpointSummary("One supplier")]
    public static async Task<Results<Ok<SupplierDetails>, ProblemHttpResult>> Get(Guid id, SupplierAdmin suppliers, CancellationToken cancellationToken)
    {
        return (await suppliers.GetAsync(id, cancellationToken)).ToOk();
    }

    [EndpointSummary("Change a supplier's details")]
    public static async Task<Results<Ok<SupplierDetails>, ProblemHttpResult>> Update(
        Guid id, SupplierRequest request, SupplierAdmin suppliers, CancellationToken cancellationToken)
    {
        return (await suppliers.UpdateAsync(id, request, cancellationToken)).ToOk();
    }
}
