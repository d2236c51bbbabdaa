using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Procurement.Core.Catalog;
using Procurement.Core.Catalog.Listings;
using Procurement.Core.Common;
using Procurement.Web.Auth;
using Procurement.Web.Platform;

namespace Procurement.Web.Api;

/// <summary>Product photos: upload (JPEG/PNG/WebP ≤ 5 MB, checked by content), remove, choose the cover; and serving them.</summary>
public static class ListingImagesEndpoints
{
    public static IEndpointRouteBuilder MapListingImages(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/supplier/products/{id:guid}/images").WithTags("Supplier listings").RequireCapability(Capability.Supply, Capability.Administer);
        // The form's own overhead on top of the 5 MB image; a bigger file is refused with a 413 problem either way.
        group.MapPost("/", Upload).DisableAntiforgery().AcceptsBodiesUpTo(IImageStore.MaxBytes + 64 * 1024);
        group.MapDelete("/{imageId:guid}", Remove);
        group.MapPost("/{imageId:guid}/cover", MakeCover);
        app.MapGet("/media/{file}", Serve).WithTags("Media").AllowAnonymous();
        return app;
    }

    [EndpointSummary("Add a photo (multipart `file`: JPEG, PNG or WebP up to 5 MB); the first photo is the cover in search")]
    public static async Task<Results<Created<ImageResponse>, ProblemHttpResult>> Upload(
        Guid id, IFormFile? file, ListingImages images, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            return Error.Invalid("file", Texts.Pick("请选择一张图片（表单字段 file）。", "Choose an image (form field `file`).")).ToProblem();
        }
        if (file.Length > IImageStore.MaxBytes)
        {
            return IImageStore.TooLarge().ToProblem();
        }
        await using var stream = file.OpenReadStream();
        var result = await images.AddAsync(id, stream, cancellationToken);
        return result.Succeeded
            ? TypedResults.Created(result.Value!.DetailUrl, ImageResponse.From(result.Value))
            : result.Error!.ToProblem();
    }

    [EndpointSummary("Remove a photo")]
    public static async Task<Results<Ok<SupplierProductResponse>, ProblemHttpResult>> Remove(Guid id, Guid imageId, ListingImages images, CancellationToken cancellationToken) =>
        SupplierListingsEndpoints.Answer(await images.RemoveAsync(id, imageId, cancellationToken));

    [EndpointSummary("Make a photo the cover (first)")]
    public static async Task<Results<Ok<SupplierProductResponse>, ProblemHttpResult>> MakeCover(Guid id, Guid imageId, ListingImages images, CancellationToken cancellationToken) =>
        SupplierListingsEndpoints.Answer(await images.MakeCoverAsync(id, imageId, cancellationToken));

    /// <summary>
    /// <c>/media/{sha256}-{400|1200}.jpg</c>. Content-addressed, so a URL's bytes never change: cached for a year,
    /// immutable, with the hash as ETag for the rare revalidation.
    /// </summary>
    [EndpointSummary("A stored photo in one of its sizes")]
    public static IResult Serve(string file, HttpContext context, IImageStore store)
    {
        var name = file.EndsWith(".jpg", StringComparison.Ordinal) ? file[..^4] : "";
        var dash = name.LastIndexOf('-');
        if (dash < 0 || !int.TryParse(name[(dash + 1)..], out var size) || store.Open(name[..dash], size) is not { } stream)
        {
            return TypedResults.NotFound();
        }
        var etag = new EntityTagHeaderValue($"\"{name}\"");
        context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return TypedResults.Stream(stream, "image/jpeg", entityTag: etag);
    }
}
