namespace Procurement.Core.Catalog;

public enum ProductStatus
{
    Draft,
    PendingReview,
    Published,
    Unlisted,
    Rejected,
}
