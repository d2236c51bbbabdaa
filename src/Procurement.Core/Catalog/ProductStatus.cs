namespace Procurement.Core.Catalog;

public enum ProductStatus
{
    Draft,
    PendingReview,
    Published,
    Unlisted,
    Rejected,
}

public static class StatusNames
{
    public static string Of(ProductStatus status) => status switch
    {
        ProductStatus.Draft => Common.Texts.Pick("草稿", "draft"),
        ProductStatus.PendingReview => Common.Texts.Pick("待审核", "pending review"),
        ProductStatus.Published => Common.Texts.Pick("已上架", "published"),
        ProductStatus.Unlisted => Common.Texts.Pick("已下架", "unlisted"),
        ProductStatus.Rejected => Common.Texts.Pick("已驳回", "rejected"),
        _ => status.ToString(),
    };
}
