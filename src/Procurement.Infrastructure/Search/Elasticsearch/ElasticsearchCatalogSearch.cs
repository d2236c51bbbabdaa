using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Aggregations;
using Procurement.Core.Catalog;
using Procurement.Core.Catalog.Search;
using Procurement.Core.Common;
using Procurement.Core.Common.Regions;

namespace Procurement.Infrastructure.Search.Elasticsearch;

/// <summary>
/// Searches the catalog alias in Elasticsearch: strict match first, the looser one when that finds nothing, as the
/// embedded index does. Highlights come from the shared <see cref="Highlighter"/> so both engines mark the same
/// words (synonyms and pinyin included), which Elasticsearch's highlighter cannot know about.
/// </summary>
public sealed class ElasticsearchCatalogSearch(ElasticsearchClient client, ElasticsearchOptions options) : ICatalogSearch
{
    public async Task<CatalogSearchResult> SearchAsync(CatalogQuery query, CancellationToken cancellationToken)
    {
        var plan = CatalogQueryPlan.Build(query.Q, Synonyms.Default);
        var response = await SendAsync(ElasticsearchQueries.Search(options.IndexPrefix, ElasticsearchQueries.Strict(plan), query), cancellationToken);
        var relaxed = false;
        if (response.Total == 0 && ElasticsearchQueries.Loose(plan) is { } loose)
        {
            var looser = await SendAsync(ElasticsearchQueries.Search(options.IndexPrefix, loose, query), cancellationToken);
            if (looser.Total > 0)
            {
                (response, relaxed) = (looser, true);
            }
        }
        var hits = response.Hits.Select(hit => hit.Source!.ToHit(plan)).ToList();
        return new CatalogSearchResult((int)response.Total, query.Page, query.PageSize, hits, Facets(response.Aggregations), relaxed);
    }

    public async Task<IReadOnlyList<Suggestion>> SuggestAsync(string prefix, int size, CancellationToken cancellationToken)
    {
        var plan = CatalogQueryPlan.Build(prefix, Synonyms.Default);
        if (plan.Normalized.Length == 0)
        {
            return [];
        }
        var response = await SendAsync(ElasticsearchQueries.Suggest(options.IndexPrefix, plan, size), cancellationToken);
        return response.Hits.Select(hit => new Suggestion(hit.Source!.Name, Guid.Parse(hit.Source.ProductId))).ToList();
    }

    private async Task<SearchResponse<CatalogEsDocument>> SendAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        var response = await client.SearchAsync<CatalogEsDocument>(request, cancellationToken);
        return response.IsValidResponse ? response : throw ElasticsearchFailure.From("search", response);
    }

    private static CatalogFacets Facets(AggregateDictionary? aggregations)
    {
        StringTermsAggregate? Terms(string facet) => aggregations?.GetFilter(facet)?.Aggregations?.GetStringTerms(ElasticsearchQueries.Values);

        var categories = Terms(ElasticsearchQueries.CategoryFacet)?.Buckets
            .Select(b => new FacetValue(Key(b), Category.Find(Key(b))?.Name ?? Key(b), (int)b.DocCount)).ToList() ?? [];
        var cities = Terms(ElasticsearchQueries.CityFacet)?.Buckets
            .Select(b => new FacetValue(Key(b), GansuCities.LabelOf(Key(b)) is { Length: > 0 } label ? label : Key(b), (int)b.DocCount)).ToList() ?? [];
        var suppliers = Terms(ElasticsearchQueries.SupplierFacet)?.Buckets
            .Select(b => new FacetValue(Key(b),
                b.Aggregations?.GetStringTerms(ElasticsearchQueries.SupplierNames)?.Buckets.Select(Key).FirstOrDefault() ?? Key(b), (int)b.DocCount))
            .ToList() ?? [];
        var priceBuckets = aggregations?.GetFilter(ElasticsearchQueries.PriceFacet)?.Aggregations?.GetRange(ElasticsearchQueries.Values)?.Buckets.ToList();
        var prices = PriceRanges.Buckets
            .Select((range, i) => new PriceBucket(range.From, range.To, priceBuckets is { } b && i < b.Count ? (int)b[i].DocCount : 0))
            .ToList();
        return new CatalogFacets(categories, cities, suppliers, prices);
    }

    private static string Key(StringTermsBucket bucket) => bucket.Key.TryGetString(out var key) ? key : bucket.Key.ToString();
}
