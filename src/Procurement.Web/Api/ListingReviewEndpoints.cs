using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using Procurement.Core.Catalog.Listings;
using Procurement.Core.Common;
using Procurement.Web.Auth;

namespace Procurement.Web.Api;

/// <param name="Version">The listing's version as reviewed: send it back with approve (<c>{ version }</c> or <c>If-Match</c>).</param>
public sealed record ReviewItemResponse(SupplierProductResponse Product, IReadOnlyList<ListingChange> Changes, long Version);

/// <param name="Version">The version the admin reviewed; absent approves whatever is pending (the contract's empty body).</param>
public sealed record ApproveRequest(long? Version);

public sealed record RejectRequest(string? Reason);

/// <summary>The admin review queue: pending listings with what changed since they were last approved.</summary>
public static class ListingReviewEndpoints
{
    public static IEndpointRouteBuilder MapListingReview(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/products").WithTags("Admin: listing review").RequireCapability(Capability.Administer);
        group.MapGet("/pending", Pending);
        group.MapGet("/{id:guid}", Get);
        group.MapPost("/{id:guid}/approve", Approve);
        group.MapPost("/{id:guid}/reject", Reject);
        return app;
    }

    [EndpointSummary("Listings waiting for review, longest waiting first, each with its changes against the approved version")]
    public static async Task<Results<Ok<Paged<ReviewItemResponse>>, ProblemHttpResult>> Pending(
        string? q, int? page, int? pageSize, IValidator<ListQuery> validator, ListingReview review, CancellationToken cancellationToken)
    {
        var query = new ListQuery(q, page ?? 1, pageSize ?? 20);
        if (await validator.CheckAsync(query, cancellationToken) is { } invalid)
        {
            return invalid;
        }
        return (await review.QueueAsync(query, cancellationToken))
            .ToOk(found => new Paged<ReviewItemResponse>(found.Total, found.Page, found.PageSize, found.Items.Select(ToResponse).ToList()));
    }

    [EndpointSummary("Any listing with its changes against the approved version")]
    public static async Task<Results<Ok<ReviewItemResponse>, ProblemHttpResult>> Get(Guid id, ListingReview review, CancellationToken cancellationToken)
    {
        return (await review.GetAsync(id, cancellationToken)).ToOk(ToResponse);
    }

    [EndpointSummary("Approve a pending listing: it goes on sale and is searchable within 2 seconds; the supplier gets a notice. With the reviewed version (body or If-Match), a listing changed since answers 409 conflict")]
    public static async Task<Results<Ok<SupplierProductResponse>, ProblemHttpResult>> Approve(
        Guid id, [FromBody] ApproveRequest? request, [FromHeader(Name = "If-Match")] string? ifMatch, ListingReview review, CancellationToken cancellationToken)
    {
        long? version = request?.Version;
        if (version is null && ifMatch is { Length: > 0 })
        {
            if (!long.TryParse(ifMatch.Trim().TrimStart('W', '/').Trim('"'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var tagged))
            {
                return Error.Invalid("If-Match", Texts.Pick("If-Match 须为审核时看到的版本号。", "If-Match must be the version you reviewed.")).ToProblem();
            }
            version = tagged;
        }
        return (await review.ApproveAsync(id, version, cancellationToken)).ToOk(SupplierProductResponse.From);
    }

    [EndpointSummary("Reject a pending listing with a reason; the supplier gets a notice")]
    public static async Task<Results<Ok<SupplierProductResponse>, ProblemHttpResult>> Reject(
        Guid id, RejectRequest request, ListingReview review, CancellationToken cancellationToken)
    {
        return (await review.RejectAsync(id, request.Reason, cancellationToken)).ToOk(SupplierProductResponse.From);
    }

    private static ReviewItemResponse ToResponse(ReviewItem item) => new(SupplierProductResponse.From(item.Product), item.Changes, item.Product.Version);
}
