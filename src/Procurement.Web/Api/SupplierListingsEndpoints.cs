using Microsoft.AspNetCore.Http.HttpResults;
using FluentValidation;
using Procurement.Core.Catalog;
using Procurement.Core.Common;
using Procurement.Core.Common.Regions;
using Procurement.Web.Auth;

namespace Procurement.Web.Api;

public sealed record SkuResponse(Guid Id, string Code, string Spec, decimal Price, int Stock, int Reserved, int Available,
    int MinOrderQuantity, IReadOnlyList<TierPrice> TierPrices);

public sealed record SupplierProductResponse(Guid Id, Guid SupplierId, string Name, string CategoryCode, string CountyCode,
    string CountyName, string CityCode, string CityName, string Description, string Status, string? RejectionReason,
    Certificate? Certificate, string? ImageUrl, IReadOnlyList<SkuResponse> Skus);

/// <summary>
/// A supplier's own listings, read through <see cref="ISupplierListings"/>: another supplier's product is simply
/// not there (404). Editing arrives with the supplier-portal work.
/// </summary>
public static class SupplierListingsEndpoints
{
    public static IEndpointRouteBuilder MapSupplierListings(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/supplier/products").WithTags("Supplier listings").RequireAuthorization(Policies.ApiSupplier);
        group.MapGet("/", List);
        group.MapGet("/{id:guid}", Get);
        return app;
    }

    [EndpointSummary("The caller's own listings (admins: all)")]
    public static async Task<Results<Ok<Paged<SupplierProductResponse>>, ProblemHttpResult>> List(
        string? q, int? page, int? pageSize, IValidator<ListQuery> validator, ISupplierListings listings, CancellationToken cancellationToken)
    {
        var query = new ListQuery(q, page ?? 1, pageSize ?? 20);
        if (await validator.CheckAsync(query, cancellationToken) is { } invalid)
        {
            return invalid;
        }
        var found = await listings.ListAsync(query, cancellationToken);
        return TypedResults.Ok(new Paged<SupplierProductResponse>(found.Total, found.Page, found.PageSize, found.Items.Select(ToResponse).ToList()));
    }

    [EndpointSummary("One of the caller's listings; another supplier's answers 404")]
    public static async Task<Results<Ok<SupplierProductResponse>, ProblemHttpResult>> Get(Guid id, ISupplierListings listings, CancellationToken cancellationToken) =>
        await listings.FindAsync(id, cancellationToken) is { } product ? TypedResults.Ok(ToResponse(product)) : Error.NotFound().ToProblem();

    private static SupplierProductResponse ToResponse(Product p)
    {
        var city = Regions.CityOf(p.CountyCode);
        return new SupplierProductResponse(p.Id, p.SupplierId, p.Name, p.CategoryCode, p.CountyCode, Regions.Find(p.CountyCode)?.Name ?? "",
            city?.Code ?? "", city?.Name ?? "", p.Description, p.Status.ToString(), p.RejectionReason, p.Certificate, p.ImageUrl,
            p.Skus.Select(s => new SkuResponse(s.Id, s.Code, s.Spec, s.Price, s.Stock, s.Reserved, s.Available, s.MinOrderQuantity, s.TierPrices)).ToList());
    }
}
