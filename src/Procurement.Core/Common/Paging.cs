namespace Procurement.Core.Common;

/// <summary>List requests: <c>?q=&amp;page=&amp;pageSize=</c>. Bounds are checked by <see cref="ListQueryValidator"/>.</summary>
public sealed record ListQuery(string? Q = null, int Page = 1, int PageSize = 20)
{
    public const int MaxPageSize = 100;

    public int Skip => (Page - 1) * PageSize;
}

public sealed record Paged<T>(int Total, int Page, int PageSize, IReadOnlyList<T> Items);

/// <summary>
/// Paging is checked once, where it arrives: every API list by the API's paging check (400 naming the field), pages by
/// choosing from fixed sizes. A use case that is handed a page out of range has met a bug, so it throws rather than
/// clamping into a page nobody asked for.
/// </summary>
public static class PageBounds
{
    public const int MaxWindow = 500;

    public static (int Page, int PageSize) Require(int page, int pageSize) =>
        page >= 1 && pageSize is >= 1 and <= ListQuery.MaxPageSize
            ? (page, pageSize)
            : throw new ArgumentOutOfRangeException(nameof(pageSize), $"page {page}, pageSize {pageSize}: paging is checked before it reaches a use case");

    /// <summary>A window of rows for a virtualized table: skip from 0, take 1–<see cref="MaxWindow"/>.</summary>
    public static (int Skip, int Take) RequireWindow(int skip, int take) =>
        skip >= 0 && take is >= 1 and <= MaxWindow
            ? (skip, take)
            : throw new ArgumentOutOfRangeException(nameof(take), $"skip {skip}, take {take}: paging is checked before it reaches a use case");
}
