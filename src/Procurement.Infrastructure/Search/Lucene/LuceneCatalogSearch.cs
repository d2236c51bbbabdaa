using Lucene.Net.Search;
using Procurement.Core.Catalog.Search;

namespace Procurement.Infrastructure.Search.Lucene;

/// <summary>Searches the embedded index: strict match first, a looser one when that finds nothing.</summary>
public sealed class LuceneCatalogSearch(LuceneIndexHolder holder) : ICatalogSearch
{
    private static readonly HashSet<string> _hitFields =
    [
        CatalogFields.Id, CatalogFields.Name, CatalogFields.Supplier, CatalogFields.SupplierName, CatalogFields.Category,
        CatalogFields.City, CatalogFields.County, CatalogFields.PriceMinFen, CatalogFields.PriceMaxFen, CatalogFields.Certified,
        CatalogFields.Image,
    ];

    public Task<CatalogSearchResult> SearchAsync(CatalogQuery query, CancellationToken cancellationToken)
    {
        var plan = CatalogQueryPlan.Build(query.Q, Synonyms.Default);
        using var lease = holder.Acquire();
        var searcher = lease.Searcher;
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
        return Task.FromResult(new CatalogSearchResult(collector.Total, query.Page, query.PageSize, hits, collector.Facets(), relaxed));
    }

    public Task<IReadOnlyList<Suggestion>> SuggestAsync(string prefix, int size, CancellationToken cancellationToken)
    {
        var plan = CatalogQueryPlan.Build(prefix, Synonyms.Default);
        if (plan.Normalized.Length == 0)
        {
            return Task.FromResult<IReadOnlyList<Suggestion>>([]);
        }
        using var lease = holder.Acquire();
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
        return Task.FromResult<IReadOnlyList<Suggestion>>(suggestions);
    }
}
