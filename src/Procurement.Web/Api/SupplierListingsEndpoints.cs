using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Procurement.Core.Catalog;
using Procurement.Core.Common;
using Procurement.Core.Common.Regions;
using Procurement.Infrastructure.Persistence;
using Procurement.Web.Auth;

namespace Procurement.Web.Api;

public sealed record SkuResponse(Guid Id, string Code, string Spec, decimal Price, int Stock, int Reserved, int Available,
    int MinOrderQuantity, IReadOnlyList<TierPrice> TierPrices);

public sealed record SupplierProductResponse(Guid Id, Guid SupplierId, string Name, string CategoryCode, string CountyCode,
    string CountyName, string CityCode, string CityName, string Description, string Status, string? RejectionReason,
    Certificate? Certificate, string? ImageUrl, IReadOnlyList<SkuResponse> Skus);

/// <summary>
/// A supplier's own listings. Reads go through the context's tenant filter: another supplier's product is simply
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
    public static async Task<Ok<Paged<SupplierProductResponse>>> List(int? page, int? pageSize, ProcurementDbContext db, CancellationToken cancellationToken)
    {
        var query = new ListQuery(null, Math.Max(page ?? 1, 1), Math.Clamp(pageSize ?? 20, 1, ListQuery.MaxPageSize));
        var products = db.Products.AsNoTracking().Include(p => p.Skus);
        var total = await products.CountAsync(cancellationToken);
        var items = await products.OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Id)
            .Skip(query.Skip).Take(query.PageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Paged<SupplierProductResponse>(total, query.Page, query.PageSize, items.Select(ToResponse).ToList()));
    }

    [EndpointSummary("One of the caller's listings; another supplier's answers 404")]
    public static async Task<Results<Ok<SupplierProductResponse>, ProblemHttpResult>> Get(Guid id, ProcurementDbContext db, CancellationToken cancellationToken)
    {
        var product = await db.Products.AsNoTracking().Include(p => p.Skus).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return product is null ? Error.NotFound().ToProblem() : TypedResults.Ok(ToResponse(product));
    }

    private static SupplierProductResponse ToResponse(Product p)
    {
        var city = Regions.CityOf(p.CountyCode);
        return new SupplierProductResponse(p.Id, p.SupplierId, p.Name, p.CategoryCode, p.CountyCode, Regions.Find(p.CountyCode)?.Name ?? "",
            city?.Code ?? "", city?.Name ?? "", p.Description, p.Status.ToString(), p.RejectionReason, p.Certificate, p.ImageUrl,
            p.Skus.Select(s => new SkuResponse(s.Id, s.Code, s.Spec, s.Price, s.Stock, s.Reserved, s.Available, s.MinOrderQuantity, s.TierPrices)).ToList());
    }
}
