namespace Procurement.Core.Catalog.Search;

public enum CatalogSort
{
    Relevance,
    PriceAsc,
    PriceDesc,
    Newest,
    Sales,
}

/// <summary>
/// A catalog search. Multi-valued filters are OR within a facet and AND across facets; each facet's counts ignore
/// its own filter (multi-select facets, as Elasticsearch's post_filter gives).
/// </summary>
public sealed record CatalogQuery
{
    public string? Q { get; init; }
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<string> Cities { get; init; } = [];
    public IReadOnlyList<string> Counties { get; init; } = [];
    public IReadOnlyList<Guid> Suppliers { get; init; } = [];
    public decimal? MinPrice { get; init; }
    public decimal? MaxPrice { get; init; }
    public bool? Certified { get; init; }

    /// <summary>Only products with a SKU that can still supply at least this many units (a package count).</summary>
    public int? MinAvailable { get; init; }

    public CatalogSort Sort { get; init; } = CatalogSort.Relevance;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;
}

public sealed record CatalogHit(
    Guid ProductId, string Name, string Highlight, Guid SupplierId, string SupplierName, string CategoryCode,
    string CityCode, string CityName, string CountyCode, string CountyName, decimal MinPrice, decimal MaxPrice,
    bool Certified, string? ImageUrl, int Available);

public sealed record FacetValue(string Value, string Label, int Count);

/// <summary>A price range bucket: <see cref="From"/> inclusive, <see cref="To"/> exclusive (null: no upper bound).</summary>
public sealed record PriceBucket(decimal From, decimal? To, int Count);

public sealed record CatalogFacets(
    IReadOnlyList<FacetValue> Category, IReadOnlyList<FacetValue> City, IReadOnlyList<FacetValue> Supplier, IReadOnlyList<PriceBucket> Price);

/// <param name="Relaxed">Nothing matched the query as typed, so a looser match answered (pinyin, any of the words).</param>
public sealed record CatalogSearchResult(
    int Total, int Page, int PageSize, IReadOnlyList<CatalogHit> Items, CatalogFacets Facets, bool Relaxed);

public sealed record Suggestion(string Text, Guid ProductId);

/// <summary>Reads the search index.</summary>
public interface ICatalogSearch
{
    Task<CatalogSearchResult> SearchAsync(CatalogQuery query, CancellationToken cancellationToken);

    /// <summary>Product names for a search box as the user types: name prefixes, words, pinyin and pinyin initials.</summary>
    Task<IReadOnlyList<Suggestion>> SuggestAsync(string prefix, int size, CancellationToken cancellationToken);
}

/// <summary>The price facet's buckets, in 元: From inclusive, To exclusive (null: no upper bound).</summary>
public static class PriceRanges
{
    public static readonly IReadOnlyList<(decimal From, decimal? To)> Buckets = [(0m, 50m), (50m, 100m), (100m, 200m), (200m, 500m), (500m, null)];
}
