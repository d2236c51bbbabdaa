using Procurement.Core.Common;
using Procurement.Core.Suppliers;

namespace Procurement.Core.Catalog.Listings;

/// <summary>A listing waiting for review, with what changed since it was last approved (everything, for a new one).</summary>
public sealed record ReviewItem(Product Product, IReadOnlyList<ListingChange> Changes);

/// <summary>Admins review listings: approve puts them on sale, reject sends them back with a reason. The supplier gets a notice either way.</summary>
public sealed class ListingReview(IListingStore store, ISupplierNotices notices, IUnitOfWork unitOfWork, ICurrentUser user, TimeProvider clock)
{
    public const int MaxReasonLength = 500;

    public async Task<Result<Paged<ReviewItem>>> QueueAsync(ListQuery query, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Administer) is { } denied)
        {
            return denied;
        }
        var page = await store.PendingReviewAsync(query, cancellationToken);
        return new Paged<ReviewItem>(page.Total, page.Page, page.PageSize, page.Items.Select(ToItem).ToList());
    }

    public async Task<Result<ReviewItem>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Administer) is { } denied)
        {
            return denied;
        }
        return await store.FindAsync(id, cancellationToken) is { } product ? ToItem(product) : Error.NotFound();
    }

    /// <summary>
    /// Approves a pending listing. <paramref name="reviewedVersion"/> is the version the admin looked at: if the
    /// listing changed since, nothing is approved and the answer is a conflict, so only what was reviewed goes on sale.
    /// </summary>
    public async Task<Result<Product>> ApproveAsync(Guid id, long? reviewedVersion, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Administer) is { } denied)
        {
            return denied;
        }
        var product = await store.FindAsync(id, cancellationToken);
        if (product is null)
        {
            return Error.NotFound();
        }
        if (product.CheckVersion(reviewedVersion) is not null)
        {
            return new Error(ErrorKind.Conflict, Texts.Pick("审核期间商品已被修改，请查看最新改动后再审核。",
                "The listing changed while you were reviewing it; look at the new changes, then decide again."));
        }
        var now = clock.GetUtcNow();
        if (product.Approve(now) is { } error)
        {
            return error;
        }
        // Two writes, one unit: the listing's approval and the supplier's notice are saved together or not at all.
        notices.Add(new SupplierNotice(product.SupplierId, NoticeKind.ListingApproved, product.Id, product.Name, null, now));
        return await unitOfWork.CommitAsync(cancellationToken) is { } conflict ? conflict : product;
    }

    public async Task<Result<Product>> RejectAsync(Guid id, string? reason, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Administer) is { } denied)
        {
            return denied;
        }
        var trimmed = reason?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxReasonLength)
        {
            return Error.Invalid("reason", Texts.Pick($"请填写驳回原因（1–{MaxReasonLength} 字）。", $"Give a reason (1–{MaxReasonLength} characters)."));
        }
        var product = await store.FindAsync(id, cancellationToken);
        if (product is null)
        {
            return Error.NotFound();
        }
        if (product.Reject(trimmed) is { } error)
        {
            return error;
        }
        notices.Add(new SupplierNotice(product.SupplierId, NoticeKind.ListingRejected, product.Id, product.Name, trimmed, clock.GetUtcNow()));
        return await unitOfWork.CommitAsync(cancellationToken) is { } conflict ? conflict : product;
    }

    private static ReviewItem ToItem(Product product) => new(product, ListingDiff.Between(product.ApprovedContent, product.Content));
}
