using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Procurement.Core.Catalog;
using Procurement.Core.Catalog.Listings;
using Procurement.Core.Common;
using Procurement.Core.Common.Regions;
using Procurement.Web.Auth;

namespace Procurement.Web.Api;

public sealed record SkuResponse(Guid Id, string Code, string Spec, decimal Price, int Stock, int Reserved, int Available,
    int MinOrderQuantity, IReadOnlyList<TierPrice> TierPrices);

public sealed record ImageResponse(Guid Id, string ThumbnailUrl, string DetailUrl, int Width, int Height, int Position)
{
    public static ImageResponse From(ProductImage i) => new(i.Id, i.ThumbnailUrl, i.DetailUrl, i.Width, i.Height, i.Position);
}

public sealed record SupplierProductResponse(Guid Id, Guid SupplierId, string Name, string CategoryCode, string CountyCode,
    string CountyName, string CityCode, string CityName, string Description, string Status, string? RejectionReason,
    Certificate? Certificate, string? ImageUrl, IReadOnlyList<ImageResponse> Images, decimal MinPrice, IReadOnlyList<SkuResponse> Skus,
    long Version)
{
    public static SupplierProductResponse From(Product p)
    {
        var origin = Regions.OriginOf(p.CountyCode);
        return new SupplierProductResponse(p.Id, p.SupplierId, p.Name, p.CategoryCode, p.CountyCode, origin.CountyName,
            origin.CityCode, origin.CityName, p.Description, p.Status.ToString(), p.RejectionReason, p.Certificate, p.ImageUrl,
            p.Images.Select(ImageResponse.From).ToList(), p.MinPrice,
            p.Skus.OrderBy(s => s.Code, StringComparer.Ordinal).Select(SkuResponseOf).ToList(), p.Version);
    }

    public static SkuResponse SkuResponseOf(Sku s) =>
        new(s.Id, s.Code, s.Spec, s.Price, s.Stock, s.Reserved, s.Available, s.MinOrderQuantity, s.TierPrices);
}

/// <param name="Stock">A whole number ≥ 0; sent as a number so that 12.5 can be named as the mistake it is.</param>
public sealed record StockRequest(decimal? Stock);

/// <summary>
/// A supplier's own listings. Reads and writes go through stores filtered by the caller's supplier, so another
/// supplier's product or SKU is simply not there (404). Admins see all.
/// </summary>
public static class SupplierListingsEndpoints
{
    public static IEndpointRouteBuilder MapSupplierListings(this IEndpointRouteBuilder app)
    {
        // Admins open any listing to correct it (the review queue's "edit"); creating one is a supplier's.
        var products = app.MapGroup("/api/v1/supplier/products").WithTags("Supplier listings").RequireCapability(Capability.Supply, Capability.Administer);
        products.MapGet("/", List);
        app.MapGet("/api/v1/supplier/overview", Overview).WithTags("Supplier listings").RequireCapability(Capability.Supply);
        products.MapPost("/", Create).RequireCapability(Capability.Supply);
        products.MapGet("/{id:guid}", Get);
        products.MapPut("/{id:guid}", Update);
        products.MapPost("/{id:guid}/submit", Submit);
        products.MapPost("/{id:guid}/unlist", Unlist);
        app.MapPut("/api/v1/supplier/skus/{skuId:guid}/stock", SetStock).WithTags("Supplier listings").RequireCapability(Capability.Supply, Capability.Administer);
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
        return TypedResults.Ok(new Paged<SupplierProductResponse>(found.Total, found.Page, found.PageSize, found.Items.Select(SupplierProductResponse.From).ToList()));
    }

    [EndpointSummary("The dashboard: listings by status, SKUs with fewer than 10 units available, certificates ending within 30 days, best sellers")]
    public static async Task<Ok<SupplierOverview>> Overview(ISupplierListings listings, TimeProvider clock, CancellationToken cancellationToken) =>
        TypedResults.Ok(await listings.OverviewAsync(OverviewQuery.For(BusinessDate.Today(clock)), cancellationToken));

    [EndpointSummary("One of the caller's listings; another supplier's answers 404")]
    public static async Task<Results<Ok<SupplierProductResponse>, ProblemHttpResult>> Get(Guid id, ISupplierListings listings, CancellationToken cancellationToken) =>
        await listings.FindAsync(id, cancellationToken) is { } product ? TypedResults.Ok(SupplierProductResponse.From(product)) : Error.NotFound().ToProblem();

    [EndpointSummary("Create a listing (status Draft); the description's HTML is sanitized")]
    public static async Task<Results<Created<SupplierProductResponse>, ProblemHttpResult>> Create(
        ProductRequest request, ListingEditor editor, CancellationToken cancellationToken)
    {
        var result = await editor.CreateAsync(request, cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/supplier/products/{result.Value!.Id}", SupplierProductResponse.From(result.Value))
            : result.Error!.ToProblem();
    }

    [EndpointSummary("Edit a listing: name, description, category, origin or certificate changes send a published product back to review; SKUs, prices and stock apply at once")]
    public static async Task<Results<Ok<SupplierProductResponse>, ProblemHttpResult>> Update(
        Guid id, ProductRequest request, ListingEditor editor, CancellationToken cancellationToken)
    {
        return (await editor.UpdateAsync(id, request, cancellationToken)).ToOk(updated => SupplierProductResponse.From(updated.Product));
    }

    [EndpointSummary("Submit a draft, rejected or unlisted product for review (→ PendingReview)")]
    public static async Task<Results<Ok<SupplierProductResponse>, ProblemHttpResult>> Submit(Guid id, ListingEditor editor, CancellationToken cancellationToken) =>
        Answer(await editor.SubmitAsync(id, cancellationToken));

    [EndpointSummary("Take a published product off sale (→ Unlisted); it leaves search within 2 seconds")]
    public static async Task<Results<Ok<SupplierProductResponse>, ProblemHttpResult>> Unlist(Guid id, ListingEditor editor, CancellationToken cancellationToken) =>
        Answer(await editor.UnlistAsync(id, cancellationToken));

    [EndpointSummary("Set one SKU's stock; applies at once and reaches search within 2 seconds")]
    public static async Task<Results<Ok<SkuResponse>, ProblemHttpResult>> SetStock(
        Guid skuId, StockRequest request, ListingEditor editor, CancellationToken cancellationToken)
    {
        if (request.Stock is not { } stock || stock != decimal.Truncate(stock) || Sku.StockOutOfRange(stock) is not null)
        {
            return Error.Invalid("stock", Sku.StockRange).ToProblem();
        }
        return (await editor.SetStockAsync(skuId, (int)stock, cancellationToken)).ToOk(SupplierProductResponse.SkuResponseOf);
    }

    /// <summary>The listing as it is after a change, or the problem that stopped the change.</summary>
    internal static Results<Ok<SupplierProductResponse>, ProblemHttpResult> Answer(Result<Product> result) =>
        result.ToOk(SupplierProductResponse.From);
}
