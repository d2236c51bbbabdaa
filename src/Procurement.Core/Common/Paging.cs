namespace Procurement.Core.Common;

/// <summary>List requests: <c>?q=&amp;page=&amp;pageSize=</c>. Bounds are checked by <see cref="ListQueryValidator"/>.</summary>
public sealed record ListQuery(string? Q = null, int Page = 1, int PageSize = 20)
{
    public const int MaxPageSize = 100;

    public int Skip => (Page - 1) * PageSize;
}

public sealed record Paged<T>(int Total, int Page, int PageSize, IReadOnlyList<T> Items);
