using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Aggregations;
using Elastic.Clients.Elasticsearch.Core.Search;
using Elastic.Clients.Elasticsearch.QueryDsl;
using Procurement.Core.Catalog.Search;
using Procurement.Core.Common;

namespace Procurement.Infrastructure.Search.Elasticsearch;

/// <summary>
/// The Elasticsearch requests for a <see cref="CatalogQuery"/>, clause for clause the queries the embedded Lucene
/// index runs (Lucene/CatalogQueryBuilder), so both engines rank and count alike. User text is only ever a
/// match_phrase value or a prefix, never query_string syntax.
/// </summary>
internal static class ElasticsearchQueries
{
    /// <summary>Text fields and how much a match in each counts (<see cref="Relevance.TextBoosts"/>).</summary>
    public static readonly (string Field, float Boost)[] TextFields = Relevance.TextBoosts.Select(x => (NameOf(x.Field), x.Boost)).ToArray();

    private static string NameOf(SearchField field) => field switch
    {
        SearchField.Name => "name",
        SearchField.Place => "place",
        SearchField.Category => "category_text",
        SearchField.Supplier => "supplier_text",
        SearchField.Specs => "specs",
        _ => "description",
    };

    public const string CategoryFacet = "category", CityFacet = "city", SupplierFacet = "supplier", PriceFacet = "price";
    public const string Values = "values", SupplierNames = "names";

    private static readonly Field[] _hitFields =
    [
        "product_id", "name", "supplier_id", "supplier_name", "category", "city", "county", "price_min_fen", "price_max_fen", "certified", "image_url", "available",
    ];

    /// <summary>
    /// One page of hits with multi-select facets: filters a facet counts against go in <c>post_filter</c>, and each
    /// facet's aggregation applies every other facet's filter itself, so its counts ignore only its own.
    /// </summary>
    public static SearchRequest Search(string index, Query text, CatalogQuery query)
    {
        var facetFilters = FacetFilters(query);
        return new SearchRequest(index)
        {
            Query = new BoolQuery { Must = [query.Sort == CatalogSort.Relevance ? Ranked(text) : text], Filter = CommonFilters(query) },
            PostFilter = All(facetFilters.Values),
            Aggregations = new Dictionary<string, Aggregation>
            {
                [CategoryFacet] = Facet(facetFilters, CategoryFacet, new Aggregation { Terms = new TermsAggregation { Field = "category", Size = 50 } }),
                [CityFacet] = Facet(facetFilters, CityFacet, new Aggregation { Terms = new TermsAggregation { Field = "city", Size = 100 } }),
                [SupplierFacet] = Facet(facetFilters, SupplierFacet, new Aggregation
                {
                    Terms = new TermsAggregation { Field = "supplier_id", Size = 50 },
                    Aggregations = new Dictionary<string, Aggregation>
                    {
                        [SupplierNames] = new() { Terms = new TermsAggregation { Field = "supplier_name", Size = 1 } },
                    },
                }),
                [PriceFacet] = Facet(facetFilters, PriceFacet, new Aggregation
                {
                    Range = new RangeAggregation
                    {
                        Field = "price_min_fen",
                        Ranges = PriceRanges.Buckets
                            .Select(r => new AggregationRange { From = Money.ToFen(r.From), To = r.To is { } to ? Money.ToFen(to) : null })
                            .ToList(),
                    },
                }),
            },
            From = (query.Page - 1) * query.PageSize,
            Size = query.PageSize,
            Sort = Sort(query.Sort),
            TrackTotalHits = new TrackHits(true),
            Source = new SourceConfig(new SourceFilter { Includes = _hitFields }),
        };
    }

    /// <summary>Every clause must match, in any of the text fields.</summary>
    public static Query Strict(CatalogQueryPlan plan) =>
        plan.IsEmpty ? new MatchAllQuery() : new BoolQuery { Must = plan.Clauses.Select(ForClause).ToList() };

    /// <summary>
    /// The looser reading when the strict one finds nothing: half of the smaller pieces, or the query read as
    /// pinyin matching a name's pinyin (兰州白合 → 兰州百合), as the Lucene builder's.
    /// </summary>
    public static Query? Loose(CatalogQueryPlan plan)
    {
        if (plan.IsEmpty)
        {
            return null;
        }
        var either = new List<Query>();
        var pieces = plan.LooseClauses();
        if (pieces.Count >= 2)
        {
            either.Add(new BoolQuery { Should = pieces.Select(ForClause).ToList(), MinimumShouldMatch = (pieces.Count + 1) / 2 });
        }
        either.Add(new BoolQuery
        {
            Must = plan.Clauses.Select(clause => clause.Phrases[0] is var phrase && SearchText.IsHan(phrase[0])
                    ? new PrefixQuery("pinyin", Core.Catalog.Search.Pinyin.Full(phrase))
                    : ForClause(clause))
                .ToList(),
            Boost = 3f,
        });
        return new BoolQuery { Should = either };
    }

    /// <summary>Names starting with the text first, then names containing it or spelled by it in pinyin; one hit per name.</summary>
    public static SearchRequest Suggest(string index, CatalogQueryPlan plan, int size)
    {
        var should = new List<Query> { new PrefixQuery("name_prefix", plan.Normalized) { Boost = 5f } };
        if (!plan.IsEmpty)
        {
            should.Add(Strict(plan));
        }
        var compact = plan.Normalized.Replace(" ", "", StringComparison.Ordinal);
        if (Core.Catalog.Search.Pinyin.LooksLikePinyin(compact))
        {
            should.Add(new PrefixQuery("pinyin", compact) { Boost = 3f });
        }
        return new SearchRequest(index)
        {
            Query = new BoolQuery { Should = should },
            Collapse = new FieldCollapse("name.keyword"),
            Size = size,
            Sort = [new SortOptions { Score = new ScoreSort { Order = SortOrder.Desc } }, ById],
            Source = new SourceConfig(new SourceFilter { Includes = _hitFields }),
        };
    }

    /// <summary>Any of the clause's phrases (a word or its synonyms) in any text field; typed pinyin matches the pinyin keys.</summary>
    private static Query ForClause(QueryClause clause)
    {
        var should = clause.Phrases.Select(ForPhrase).ToList();
        if (clause.Pinyin is { } pinyin)
        {
            should.Add(new PrefixQuery("pinyin", pinyin) { Boost = 2f });
        }
        return new BoolQuery { Should = should };
    }

    /// <summary>A field's best match counts, plus a little for matches elsewhere (name and origin outweigh description).</summary>
    private static Query ForPhrase(string phrase) => new DisMaxQuery
    {
        TieBreaker = Relevance.OtherFieldsShare,
        Queries = TextFields.Select(f => (Query)new MatchPhraseQuery(f.Field, phrase) { Boost = f.Boost }).ToList(),
    };

    /// <summary>Relevance nudged toward what a union buyer wants: score × <see cref="Relevance.Nudge"/>, as a function score.</summary>
    private static Query Ranked(Query text) => new FunctionScoreQuery
    {
        Query = text,
        Functions =
        [
            new FunctionScore { Filter = new MatchAllQuery(), Weight = 1 },
            new FunctionScore { Filter = new TermQuery("certified", true), Weight = Relevance.CertifiedNudge },
            new FunctionScore { Filter = new TermQuery("in_stock", true), Weight = Relevance.InStockNudge },
            new FunctionScore
            {
                FieldValueFactor = new FieldValueFactorScoreFunction("sales") { Modifier = FieldValueFactorModifier.Log1p, Missing = 0 },
                Weight = Relevance.SalesNudge,
            },
        ],
        ScoreMode = FunctionScoreMode.Sum,
        BoostMode = FunctionBoostMode.Multiply,
    };

    /// <summary>Filters no facet is counted against: county, the certificate flag and available stock.</summary>
    private static List<Query> CommonFilters(CatalogQuery query)
    {
        var filters = new List<Query>();
        if (query.Counties.Count > 0)
        {
            filters.Add(Terms("county", query.Counties));
        }
        if (query.Certified is { } certified)
        {
            filters.Add(new TermQuery("certified", certified));
        }
        if (query.MinAvailable is { } least)
        {
            filters.Add(new NumberRangeQuery("available") { Gte = least });
        }
        return filters;
    }

    private static Dictionary<string, Query> FacetFilters(CatalogQuery query)
    {
        var filters = new Dictionary<string, Query>(StringComparer.Ordinal);
        if (query.Categories.Count > 0)
        {
            filters[CategoryFacet] = Terms("category", query.Categories);
        }
        if (query.Cities.Count > 0)
        {
            filters[CityFacet] = Terms("city", query.Cities);
        }
        if (query.Suppliers.Count > 0)
        {
            filters[SupplierFacet] = Terms("supplier_id", query.Suppliers.Select(s => s.ToString()).ToList());
        }
        if (query.MinPrice is not null || query.MaxPrice is not null)
        {
            filters[PriceFacet] = new NumberRangeQuery("price_min_fen")
            {
                Gte = query.MinPrice is { } min ? Money.ToFen(min) : null,
                Lte = query.MaxPrice is { } max ? Money.ToFen(max) : null,
            };
        }
        return filters;
    }

    private static Aggregation Facet(Dictionary<string, Query> facetFilters, string facet, Aggregation values) => new()
    {
        Filter = All(facetFilters.Where(f => f.Key != facet).Select(f => f.Value)),
        Aggregations = new Dictionary<string, Aggregation> { [Values] = values },
    };

    private static Query All(IEnumerable<Query> filters) =>
        filters.ToList() is { Count: > 0 } list ? new BoolQuery { Filter = list } : new MatchAllQuery();

    private static Query Terms(string field, IReadOnlyCollection<string> values) =>
        new TermsQuery(field, new TermsQueryField(values.Select(v => (FieldValue)v).ToList()));

    private static readonly SortOptions ById = new() { Field = new FieldSort("product_id") { Order = SortOrder.Asc } };

    private static List<SortOptions> Sort(CatalogSort sort)
    {
        var score = new SortOptions { Score = new ScoreSort { Order = SortOrder.Desc } };
        var sales = new SortOptions { Field = new FieldSort("sales") { Order = SortOrder.Desc } };
        return sort switch
        {
            CatalogSort.PriceAsc => [new SortOptions { Field = new FieldSort("price_min_fen") { Order = SortOrder.Asc } }, sales, ById],
            CatalogSort.PriceDesc => [new SortOptions { Field = new FieldSort("price_min_fen") { Order = SortOrder.Desc } }, sales, ById],
            CatalogSort.Newest => [new SortOptions { Field = new FieldSort("published_at") { Order = SortOrder.Desc } }, sales, ById],
            CatalogSort.Sales => [sales, score, ById],
            _ => [score, sales, ById],
        };
    }
}
