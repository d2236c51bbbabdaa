using Lucene.Net.Search;
using Microsoft.Extensions.Caching.Memory;
using Procurement.Core.Catalog.Search;

namespace Procurement.Infrastructure.Search.Lucene;

/// <summary>
/// Searches the embedded index: strict match first, a looser one when that finds nothing. Answers are cached by
/// index version and query (Elasticsearch's request cache does the same): buyers repeat the same category pages
/// and popular words, and any change to the index makes a new version, so a cached answer is never stale.
/// </summary>
public sealed class LuceneCatalogSearch(LuceneIndexHolder holder, bool cacheResults = true) : ICatalogSearch
{
    // The benchmark turns the cache off to measure the engine itself.
    private readonly MemoryCache? _cache = cacheResults ? new(new MemoryCacheOptions { SizeLimit = 5_000 }) : null;

    private static readonly HashSet<string> _hitFields =
    [
        CatalogFields.Id, CatalogFields.Name, CatalogFields.Supplier, CatalogFields.SupplierName, CatalogFields.Category,
        CatalogFields.City, CatalogFields.County, CatalogFields.PriceMinFen, CatalogFields.PriceMaxFen, CatalogFields.Certified,
        CatalogFields.Image, CatalogFields.Available,
    ];

    public Task<CatalogSearchResult> SearchAsync(CatalogQuery query, CancellationToken cancellationToken)
    {
        var plan = CatalogQueryPlan.Build(query.Q, Synonyms.Default);
        using var lease = holder.Acquire();
        var key = $"s|{lease.Version}|{CacheKey(plan, query)}";
        if (_cache is not null && _cache.TryGetValue(key, out CatalogSearchResult? cached))
        {
            return Task.FromResult(cached!);
        }
        var result = Search(lease.Searcher, plan, query);
        _cache?.Set(key, result, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });
        return Task.FromResult(result);
    }

    private static CatalogSearchResult Search(IndexSearcher searcher, CatalogQueryPlan plan, CatalogQuery query)
    {
        var keep = query.Page * query.PageSize;

        var collector = new FacetingCollector(query, keep);
        searcher.Search(CatalogQueryBuilder.Strict(plan), collector);
        var relaxed = false;
        if (collector.Total == 0 && CatalogQueryBuilder.Loose(plan) is { } loose)
        {
            collector = new FacetingCollector(query, keep);
            searcher.Search(loose, collector);
            relaxed = collector.Total > 0;
        }

        var hits = collector.TopDocs()
            .Skip((query.Page - 1) * query.PageSize)
            .Select(doc => CatalogFields.ToHit(searcher.Doc(doc, _hitFields), plan))
            .ToList();
        return new CatalogSearchResult(collector.Total, query.Page, query.PageSize, hits, collector.Facets(), relaxed);
    }

    // Labels (categories, cities) are in the caller's language, so the language is part of the key.
    private static string CacheKey(CatalogQueryPlan plan, CatalogQuery q) => string.Join('|',
        System.Globalization.CultureInfo.CurrentUICulture.Name, plan.Normalized, string.Join(',', q.Categories.Order()), string.Join(',', q.Cities.Order()), string.Join(',', q.Counties.Order()),
        string.Join(',', q.Suppliers.Order()), q.MinPrice, q.MaxPrice, q.Certified, q.MinAvailable, q.Sort, q.Page, q.PageSize);

    public Task<IReadOnlyList<Suggestion>> SuggestAsync(string prefix, int size, CancellationToken cancellationToken)
    {
        var plan = CatalogQueryPlan.Build(prefix, Synonyms.Default);
        if (plan.Normalized.Length == 0)
        {
            return Task.FromResult<IReadOnlyList<Suggestion>>([]);
        }
        using var lease = holder.Acquire();
        var key = $"g|{lease.Version}|{plan.Normalized}|{size}";
        if (_cache is not null && _cache.TryGetValue(key, out IReadOnlyList<Suggestion>? cached))
        {
            return Task.FromResult(cached!);
        }
        var searcher = lease.Searcher;
        var top = searcher.Search(CatalogQueryBuilder.Suggest(plan), size * 3);
        var suggestions = new List<Suggestion>(size);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scoreDoc in top.ScoreDocs)
        {
            var document = searcher.Doc(scoreDoc.Doc, _hitFields);
            var name = document.Get(CatalogFields.Name);
            if (seen.Add(name))
            {
                suggestions.Add(new Suggestion(name, Guid.Parse(document.Get(CatalogFields.Id))));
            }
            if (suggestions.Count == size)
            {
                break;
            }
        }
        _cache?.Set(key, (IReadOnlyList<Suggestion>)suggestions, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });
        return Task.FromResult<IReadOnlyList<Suggestion>>(suggestions);
    }
}
