using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Procurement.Core.Catalog.Search;
using Procurement.Infrastructure.Search;
using Procurement.Infrastructure.Search.Elasticsearch;

namespace Procurement.IntegrationTests.Catalog.Elasticsearch;

/// <summary>
/// The Elasticsearch adapter against a recording stand-in for the cluster: what it sends (paths and request JSON)
/// and how it reads answers shaped as Elasticsearch 9 gives them. The same behaviour suite as Lucene runs live in
/// <see cref="ElasticsearchCatalogSearchTests"/> when ELASTICSEARCH_URL is set.
/// </summary>
public sealed class ElasticsearchContractTests
{
    private static readonly ElasticsearchOptions Options = new() { Url = "http://es.test:9200", IndexPrefix = "catalog", BulkSize = 2 };

    private static (ElasticsearchCatalogIndex Index, ElasticsearchCatalogSearch Search, RecordingInvoker Cluster) Create(Action<RecordingInvoker> script)
    {
        var cluster = new RecordingInvoker();
        script(cluster);
        var client = ElasticsearchSetup.CreateClient(Options, cluster);
        return (new ElasticsearchCatalogIndex(client, Options, NullLogger<ElasticsearchCatalogIndex>.Instance), new ElasticsearchCatalogSearch(client, Options), cluster);
    }

    private static JsonNode Body(RecordingInvoker.Recorded request) => JsonNode.Parse(request.Body!)!;

    private static IEnumerable<JsonNode> Nodes(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(n => n!),
        null => [],
        _ => [node],
    };

    /// <summary>The field names of the filters in a bool filter list: terms category → "terms:category".</summary>
    private static List<string> FilterNames(JsonNode? boolQuery) =>
        Nodes(boolQuery?["bool"]?["filter"]).Select(f => f.AsObject().Single() is var (kind, body) ? $"{kind}:{body!.AsObject().Single().Key}" : "").ToList();

    [Fact]
    public async Task Search_puts_text_in_the_query_facet_filters_in_post_filter_and_counts_each_facet_without_its_own_filter()
    {
        var (_, search, cluster) = Create(c => c.On("POST", "catalog/_search", Recorded.LilySearch));

        await search.SearchAsync(new CatalogQuery
        {
            Q = "百合", Categories = ["fresh-produce"], Cities = ["620100"], Counties = ["620103"], MinPrice = 10m, MaxPrice = 100.5m,
            Certified = true, Page = 2, PageSize = 10,
        }, CancellationToken.None);

        var request = cluster.Single("POST", "catalog/_search");
        Assert.Contains("typed_keys=true", request.PathAndQuery);
        var body = Body(request);
        Assert.Equal(10, (int)body["from"]!);
        Assert.Equal(10, (int)body["size"]!);
        Assert.True((bool)body["track_total_hits"]!);

        // Text: each phrase (and its synonyms) as match_phrase over the text fields, name weighted highest; never query_string.
        var text = Nodes(body["query"]!["bool"]!["must"]).Single()["function_score"]!["query"]!;
        var firstPhrase = Nodes(text["bool"]!["must"]).Single()["bool"]!["should"]![0]!["dis_max"]!["queries"]![0]!["match_phrase"]!["name"]!;
        Assert.Equal("百合", (string)firstPhrase["query"]!);
        Assert.Equal(3, (double)firstPhrase["boost"]!);
        Assert.DoesNotContain("query_string", request.Body);

        // County and the certificate filter everything, facets included; the facet filters are post filters.
        Assert.Equal(["terms:county", "term:certified"], FilterNames(body["query"]));
        Assert.Equal(["terms:category", "terms:city", "range:price_min_fen"], FilterNames(body["post_filter"]));
        var price = body["post_filter"]!["bool"]!["filter"]![2]!["range"]!["price_min_fen"]!;
        Assert.Equal(1000, (long)price["gte"]!);
        Assert.Equal(10050, (long)price["lte"]!);

        var aggregations = body["aggregations"]!;
        Assert.Equal(["terms:city", "range:price_min_fen"], FilterNames(aggregations["category"]!["filter"]));
        Assert.Equal(["terms:category", "range:price_min_fen"], FilterNames(aggregations["city"]!["filter"]));
        Assert.Equal(["terms:category", "terms:city", "range:price_min_fen"], FilterNames(aggregations["supplier"]!["filter"]));
        Assert.Equal(["terms:category", "terms:city"], FilterNames(aggregations["price"]!["filter"]));
        Assert.Equal("category", (string)aggregations["category"]!["aggregations"]!["values"]!["terms"]!["field"]!);
        Assert.Equal("supplier_name", (string)aggregations["supplier"]!["aggregations"]!["values"]!["aggregations"]!["names"]!["terms"]!["field"]!);
        var ranges = aggregations["price"]!["aggregations"]!["values"]!["range"]!["ranges"]!.AsArray();
        Assert.Equal([0, 5000, 10000, 20000, 50000], ranges.Select(r => (long)r!["from"]!));
        Assert.Null(ranges[^1]!["to"]);
    }

    [Fact]
    public async Task Relevance_multiplies_the_text_score_by_the_buyer_nudges_as_the_embedded_index_does()
    {
        var (_, search, cluster) = Create(c => c.On("POST", "catalog/_search", Recorded.LilySearch));

        await search.SearchAsync(new CatalogQuery { Q = "百合" }, CancellationToken.None);

        var body = Body(cluster.Single("POST", "catalog/_search"));
        var scoring = Nodes(body["query"]!["bool"]!["must"]).Single()["function_score"]!;
        Assert.Equal("sum", (string)scoring["score_mode"]!);
        Assert.Equal("multiply", (string)scoring["boost_mode"]!);
        var functions = scoring["functions"]!.AsArray();
        Assert.Equal([1, 0.15, 0.15, 0.1], functions.Select(f => (double)f!["weight"]!));
        Assert.Equal("log1p", (string)functions[3]!["field_value_factor"]!["modifier"]!);
        Assert.Equal(["_score", "sales", "product_id"], body["sort"]!.AsArray().Select(s => s!.AsObject().Single().Key));
        // No facet filter chosen: nothing to post-filter.
        Assert.NotNull(body["post_filter"]!["match_all"]);
    }

    [Theory]
    [InlineData(CatalogSort.PriceAsc, "price_min_fen", "asc")]
    [InlineData(CatalogSort.PriceDesc, "price_min_fen", "desc")]
    [InlineData(CatalogSort.Newest, "published_at", "desc")]
    [InlineData(CatalogSort.Sales, "sales", "desc")]
    public async Task Other_sorts_order_by_the_field_and_skip_the_relevance_nudges(CatalogSort sort, string field, string order)
    {
        var (_, search, cluster) = Create(c => c.On("POST", "catalog/_search", Recorded.LilySearch));

        await search.SearchAsync(new CatalogQuery { Q = "百合", Sort = sort }, CancellationToken.None);

        var request = cluster.Single("POST", "catalog/_search");
        var first = Body(request)["sort"]![0]!.AsObject().Single();
        Assert.Equal(field, first.Key);
        Assert.Equal(order, (string)first.Value!["order"]!);
        Assert.DoesNotContain("function_score", request.Body);
    }

    [Fact]
    public async Task Answers_map_to_hits_with_yuan_places_highlights_and_facets_in_the_clusters_order()
    {
        var (_, search, _) = Create(c => c.On("POST", "catalog/_search", Recorded.LilySearch));

        var result = await search.SearchAsync(new CatalogQuery { Q = "百合" }, CancellationToken.None);

        Assert.Equal(2, result.Total);
        Assert.False(result.Relaxed);
        var lily = result.Items[0];
        Assert.Equal(Guid.Parse(Recorded.LilyId), lily.ProductId);
        Assert.Equal("兰州<em>百合</em> 鲜<em>百合</em>", lily.Highlight);
        Assert.Equal(39.90m, lily.MinPrice);
        Assert.Equal(79.80m, lily.MaxPrice);
        Assert.Equal(("620100", "兰州市", "620103", "七里河区"), (lily.CityCode, lily.CityName, lily.CountyCode, lily.CountyName));
        Assert.True(lily.Certified);
        Assert.Equal("/img/1.svg", lily.ImageUrl);
        Assert.Null(result.Items[1].ImageUrl);
        Assert.Equal((2400, 0), (lily.Available, result.Items[1].Available)); // a document written before the field: 0

        Assert.Equal([("fresh-produce", 2), ("nuts-dried", 1)], result.Facets.Category.Select(f => (f.Value, f.Count)));
        Assert.Equal("果蔬生鲜", result.Facets.Category[0].Label);
        Assert.Equal(("620100", "兰州市", 2), (result.Facets.City[0].Value, result.Facets.City[0].Label, result.Facets.City[0].Count));
        Assert.Equal((Recorded.LilyFarmId, "七里河百合合作社", 2), (result.Facets.Supplier[0].Value, result.Facets.Supplier[0].Label, result.Facets.Supplier[0].Count));
        Assert.Equal([2, 0, 0, 0, 0], result.Facets.Price.Select(p => p.Count));
        Assert.Equal((0m, 50m), (result.Facets.Price[0].From, result.Facets.Price[0].To));
    }

    [Fact]
    public async Task Nothing_found_asks_again_with_the_looser_query_and_says_so()
    {
        var (_, search, cluster) = Create(c => c
            .On("POST", "catalog/_search", Recorded.NothingFound, once: true)
            .On("POST", "catalog/_search", Recorded.LilySearch));

        var result = await search.SearchAsync(new CatalogQuery { Q = "兰州白合" }, CancellationToken.None);

        Assert.True(result.Relaxed);
        Assert.Equal(2, result.Total);
        var searches = cluster.Requests.Where(r => r.Path == "catalog/_search").ToList();
        Assert.Equal(2, searches.Count);
        // The looser query reads the Chinese as pinyin: 兰州白合 sounds like 兰州百合.
        Assert.Contains("\"prefix\":{\"pinyin\":{", searches[1].Body);
        Assert.Contains("lanzhoubaihe", searches[1].Body);
        Assert.DoesNotContain("lanzhoubaihe", searches[0].Body);
    }

    [Fact]
    public async Task Nothing_found_either_way_stays_an_honest_empty_answer()
    {
        var (_, search, _) = Create(c => c.On("POST", "catalog/_search", Recorded.NothingFound));

        var result = await search.SearchAsync(new CatalogQuery { Q = "火星土壤" }, CancellationToken.None);

        Assert.Equal(0, result.Total);
        Assert.False(result.Relaxed);
        Assert.Empty(result.Items);
        Assert.Equal(5, result.Facets.Price.Count);
    }

    [Fact]
    public async Task Suggest_asks_for_name_prefixes_and_pinyin_one_hit_per_name()
    {
        var (_, search, cluster) = Create(c => c.On("POST", "catalog/_search", Recorded.Suggestions));

        var suggestions = await search.SuggestAsync("LZBH", 8, CancellationToken.None);

        Assert.Equal(["兰州百合 鲜百合", "兰州百合干"], suggestions.Select(s => s.Text));
        Assert.Equal(Guid.Parse(Recorded.LilyDriedId), suggestions[1].ProductId);
        var body = Body(cluster.Single("POST", "catalog/_search"));
        Assert.Equal("name.keyword", (string)body["collapse"]!["field"]!);
        Assert.Equal(8, (int)body["size"]!);
        var should = body["query"]!["bool"]!["should"]!.AsArray();
        Assert.Equal("lzbh", (string)should[0]!["prefix"]!["name_prefix"]!["value"]!);
        Assert.Equal("lzbh", (string)should[^1]!["prefix"]!["pinyin"]!["value"]!);
        Assert.Null(body["aggregations"]);
    }

    [Fact]
    public async Task Blank_suggest_asks_nothing() =>
        Assert.Empty(await Create(_ => { }).Search.SuggestAsync("  ", 8, CancellationToken.None));

    [Fact]
    public async Task First_write_installs_the_template_and_an_index_behind_the_alias_then_writes_with_wait_for()
    {
        var (index, _, cluster) = Create(c => c
            .On("PUT", "/_index_template/catalog", Recorded.Acknowledged)
            .On("GET", "/_alias/catalog", Recorded.AliasMissing, 404)
            .On("PUT", "/catalog-*", Recorded.IndexCreated)
            .On("POST", "catalog/_bulk", Recorded.BulkOk));

        await index.UpsertAsync([CatalogSearchBehaviour.Lily], CancellationToken.None);
        await index.DeleteAsync([Guid.Parse("0190b000-0000-7000-8000-000000000009")], CancellationToken.None);

        Assert.Equal(
            ["PUT /_index_template/catalog", "GET /_alias/catalog", "PUT /catalog-", "POST catalog/_bulk", "POST catalog/_bulk"],
            cluster.Requests.Select(r => $"{r.Method} {(r.Path.StartsWith("/catalog-", StringComparison.Ordinal) ? "/catalog-" : r.Path)}"));
        var template = Body(cluster.Requests[0]);
        Assert.Equal(["catalog-*"], template["index_patterns"]!.AsArray().Select(p => (string)p!));
        Assert.Equal("strict", (string)template["template"]!["mappings"]!["dynamic"]!);
        Assert.Equal("/catalog-initial", cluster.Requests[2].Path);
        Assert.Equal("""{"aliases":{"catalog":{}}}""", cluster.Requests[2].Body);

        var upsert = cluster.Requests[3];
        Assert.Contains("refresh=wait_for", upsert.PathAndQuery);
        var lines = upsert.Body!.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(Recorded.LilyId, (string)lines[0]["index"]!["_id"]!);
        var document = lines[1];
        Assert.Equal(3990, (long)document["price_min_fen"]!);
        Assert.Equal("七里河区 兰州市 Lanzhou", (string)document["place"]!);
        Assert.Contains("lzbhxbh", document["pinyin"]!.AsArray().Select(p => (string)p!));
        Assert.Contains("baihe", document["pinyin"]!.AsArray().Select(p => (string)p!));

        var delete = cluster.Requests[4];
        Assert.Contains("refresh=wait_for", delete.PathAndQuery);
        Assert.Equal("0190b000-0000-7000-8000-000000000009", (string)JsonNode.Parse(delete.Body!.Split('\n')[0])!["delete"]!["_id"]!);
    }

    [Fact]
    public async Task A_first_index_made_meanwhile_by_another_instance_is_fine()
    {
        var (index, _, cluster) = Create(c => c
            .On("PUT", "/_index_template/catalog", Recorded.Acknowledged)
            .On("GET", "/_alias/catalog", Recorded.AliasMissing, 404)
            .On("PUT", "/catalog-initial", Recorded.AlreadyExists, 400)
            .On("POST", "catalog/_count", Recorded.Count)
            .On("GET", "catalog/_count", Recorded.Count));

        Assert.Equal(164, await index.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task An_existing_alias_is_kept()
    {
        var (index, _, cluster) = Create(c => c
            .On("PUT", "/_index_template/catalog", Recorded.Acknowledged)
            .On("GET", "/_alias/catalog", Recorded.AliasOnOldIndex)
            .On("GET", "catalog/_count", Recorded.Count)
            .On("POST", "catalog/_count", Recorded.Count));

        Assert.Equal(164, await index.CountAsync(CancellationToken.None));
        Assert.Equal(164, await index.CountAsync(CancellationToken.None));

        Assert.DoesNotContain(cluster.Requests, r => r.Method == "PUT" && r.Path.StartsWith("/catalog-", StringComparison.Ordinal));
        Assert.Single(cluster.Requests, r => r.Path == "/_index_template/catalog");
    }

    [Fact]
    public async Task Rebuild_loads_a_new_index_then_moves_the_alias_in_one_call_and_drops_the_old_index()
    {
        var (index, _, cluster) = Create(c => c
            .On("PUT", "/_index_template/catalog", Recorded.Acknowledged)
            .On("GET", "/_alias/catalog", Recorded.AliasOnOldIndex)
            .On("PUT", "/catalog-*", Recorded.IndexCreated)
            .On("POST", "/catalog-*", Recorded.BulkOk)
            .On("POST", "catalog-*", Recorded.BulkOk)
            .On("POST", "/_aliases", Recorded.Acknowledged)
            .On("DELETE", "/catalog-*", Recorded.Acknowledged));
        var progress = new List<int>();

        await index.RebuildAsync(new[] { CatalogSearchBehaviour.Lily, CatalogSearchBehaviour.LilyDried, CatalogSearchBehaviour.Potato }.ToAsyncEnumerable(),
            new SynchronousProgress(progress.Add), CancellationToken.None);

        var create = cluster.Requests.Single(r => r.Method == "PUT" && r.Path.StartsWith("/catalog-", StringComparison.Ordinal) && !r.Path.EndsWith("_settings", StringComparison.Ordinal));
        var name = create.Path.TrimStart('/');
        Assert.Matches(@"^catalog-\d{17}$", name);
        Assert.Contains("\"refresh_interval\":\"-1\"", create.Body);

        var bulks = cluster.Requests.Where(r => r.Path.EndsWith("/_bulk", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, bulks.Count);
        Assert.All(bulks, b => Assert.Equal($"{name}/_bulk", b.Path));
        Assert.All(bulks, b => Assert.DoesNotContain("refresh", b.PathAndQuery));
        Assert.Equal([2, 3], progress);

        Assert.Contains("\"refresh_interval\":null", cluster.Single("PUT", $"/{name}/_settings").Body);
        cluster.Single("POST", $"/{name}/_refresh");
        var actions = Body(cluster.Single("POST", "/_aliases"))["actions"]!.AsArray();
        Assert.Equal(name, (string)actions[0]!["add"]!["index"]!);
        Assert.Equal("catalog-20261101000000000", (string)actions[1]!["remove"]!["index"]!);
        Assert.Equal("DELETE /catalog-20261101000000000", cluster.Requests[^1] is var last ? $"{last.Method} {last.Path}" : "");
    }

    [Fact]
    public async Task A_failed_rebuild_removes_its_half_built_index_and_leaves_the_alias_alone()
    {
        var (index, _, cluster) = Create(c => c
            .On("PUT", "/_index_template/catalog", Recorded.Acknowledged)
            .On("GET", "/_alias/catalog", Recorded.AliasOnOldIndex)
            .On("PUT", "/catalog-*", Recorded.IndexCreated)
            .On("POST", "catalog-*", Recorded.BulkRejected)
            .On("DELETE", "/catalog-*", Recorded.Acknowledged));

        var failure = await Assert.ThrowsAsync<ElasticsearchFailure>(() =>
            index.RebuildAsync(new[] { CatalogSearchBehaviour.Lily, CatalogSearchBehaviour.Potato }.ToAsyncEnumerable(), null, CancellationToken.None));

        Assert.Contains("failed to parse field [published_at]", failure.Message);
        var created = cluster.Requests.Single(r => r.Method == "PUT" && r.Path.StartsWith("/catalog-", StringComparison.Ordinal)).Path;
        cluster.Single("DELETE", created);
        Assert.DoesNotContain(cluster.Requests, r => r.Path == "/_aliases");
    }

    [Fact]
    public async Task Rejected_documents_fail_the_write_with_the_clusters_reason()
    {
        var (index, _, _) = Create(c => c
            .On("PUT", "/_index_template/catalog", Recorded.Acknowledged)
            .On("GET", "/_alias/catalog", Recorded.AliasOnOldIndex)
            .On("POST", "catalog/_bulk", Recorded.BulkRejected));

        var failure = await Assert.ThrowsAsync<ElasticsearchFailure>(() => index.UpsertAsync([CatalogSearchBehaviour.Lily], CancellationToken.None));

        Assert.Contains("1 documents", failure.Message);
        Assert.Contains(Recorded.LilyId, failure.Message);
    }

    [Fact]
    public async Task A_search_the_cluster_rejects_fails_with_its_reason()
    {
        var (_, search, _) = Create(c => c.On("POST", "catalog/_search", Recorded.SearchRejected, status: 400));

        var failure = await Assert.ThrowsAsync<ElasticsearchFailure>(() => search.SearchAsync(new CatalogQuery { Q = "百合" }, CancellationToken.None));

        Assert.Contains("400", failure.Message);
        Assert.Contains("all shards failed", failure.Message);
    }

    [Fact]
    public async Task Available_stock_filters_everything_facets_included_and_is_asked_for_with_the_hits()
    {
        var (_, search, cluster) = Create(c => c.On("POST", "catalog/_search", Recorded.LilySearch));

        await search.SearchAsync(new CatalogQuery { Q = "百合", Categories = ["fresh-produce"], MinAvailable = 3000 }, CancellationToken.None);

        var body = Body(cluster.Single("POST", "catalog/_search"));
        // In the query, not post_filter: like the certificate, no facet is counted against stock.
        Assert.Equal(["range:available"], FilterNames(body["query"]));
        Assert.Equal(3000, (double)Nodes(body["query"]!["bool"]!["filter"]).Single()["range"]!["available"]!["gte"]!);
        Assert.Equal(["terms:category"], FilterNames(body["post_filter"]));
        Assert.Contains("\"available\"", body["_source"]!.ToJsonString());
    }

    [Fact]
    public async Task English_words_are_sent_as_the_chinese_names_they_mean_and_the_document_carries_english_places_and_category_names()
    {
        var (index, search, cluster) = Create(c => c
            .On("POST", "catalog/_search", Recorded.LilySearch)
            .On("PUT", "/_index_template/catalog", Recorded.Acknowledged)
            .On("GET", "/_alias/catalog", Recorded.AliasOnOldIndex)
            .On("POST", "catalog/_bulk", Recorded.BulkOk));

        await search.SearchAsync(new CatalogQuery { Q = "lily" }, CancellationToken.None);
        var text = Nodes(Body(cluster.Single("POST", "catalog/_search"))["query"]!["bool"]!["must"]).Single()["function_score"]!["query"]!;
        var phrases = Nodes(text["bool"]!["must"]).Single()["bool"]!["should"]!.AsArray()
            .Where(q => q!["dis_max"] is not null)
            .Select(q => (string)q!["dis_max"]!["queries"]![0]!["match_phrase"]!["name"]!["query"]!);
        Assert.Equal(["lily", "百合"], phrases);

        await index.UpsertAsync([CatalogSearchBehaviour.LilyDried], CancellationToken.None);
        var written = JsonNode.Parse(cluster.Single("POST", "catalog/_bulk").Body!.Split('\n')[1])!;
        Assert.Equal("七里河区 兰州市 Lanzhou", (string)written["place"]!);
        Assert.Contains("干货", (string)written["category_text"]!);
        Assert.Contains("Nuts & dried fruit", (string)written["category_text"]!);
        Assert.Equal(500, (int)written["available"]!);
    }

    [Fact]
    public async Task Facet_labels_and_city_names_are_in_the_callers_language()
    {
        var (_, search, _) = Create(c => c.On("POST", "catalog/_search", Recorded.LilySearch));
        var saved = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("en");
        try
        {
            var result = await search.SearchAsync(new CatalogQuery { Q = "百合" }, CancellationToken.None);
            Assert.Equal(("Fresh produce", "Lanzhou"), (result.Facets.Category[0].Label, result.Facets.City[0].Label));
            Assert.Equal(("Lanzhou", "七里河区"), (result.Items[0].CityName, result.Items[0].CountyName)); // county names are data
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = saved;
        }
    }

    [Fact]
    public async Task Every_field_the_adapter_writes_is_in_the_strict_mapping()
    {
        var (index, _, cluster) = Create(c => c
            .On("PUT", "/_index_template/catalog", Recorded.Acknowledged)
            .On("GET", "/_alias/catalog", Recorded.AliasOnOldIndex)
            .On("POST", "catalog/_bulk", Recorded.BulkOk));

        await index.UpsertAsync([CatalogSearchBehaviour.Lily], CancellationToken.None);

        var mapped = Body(cluster.Requests[0])["template"]!["mappings"]!["properties"]!.AsObject().Select(p => p.Key).Order();
        var written = JsonNode.Parse(cluster.Single("POST", "catalog/_bulk").Body!.Split('\n')[1])!.AsObject().Select(p => p.Key).Order();
        Assert.Equal(mapped, written);
    }

    [Fact]
    public async Task The_template_analyses_text_as_the_embedded_index_does()
    {
        var (index, _, cluster) = Create(c => c
            .On("PUT", "/_index_template/catalog", Recorded.Acknowledged)
            .On("GET", "/_alias/catalog", Recorded.AliasOnOldIndex)
            .On("POST", "catalog/_count", Recorded.Count)
            .On("GET", "catalog/_count", Recorded.Count));

        await index.CountAsync(CancellationToken.None);

        // CJK width folding, lower case, bigrams plus unigrams: the Lucene CatalogAnalyzer, and Elasticsearch's cjk analyzer with unigrams kept.
        var analysis = Body(cluster.Requests[0])["template"]!["settings"]!["analysis"]!;
        Assert.Equal(["cjk_width", "lowercase", "catalog_bigrams_and_unigrams"],
            analysis["analyzer"]!["catalog_text"]!["filter"]!.AsArray().Select(f => (string)f!));
        Assert.True((bool)analysis["filter"]!["catalog_bigrams_and_unigrams"]!["output_unigrams"]!);
        Assert.False((bool)analysis["filter"]!["catalog_bigrams"]!["output_unigrams"]!);
    }

    [Fact]
    public void The_provider_setting_chooses_the_engine_and_a_missing_address_stops_start_up()
    {
        static IServiceCollection Configure(Dictionary<string, string?> settings) =>
            new ServiceCollection().AddSearch(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), Path.GetTempPath());

        var missing = Assert.Throws<InvalidOperationException>(() => Configure(new() { ["Search:Provider"] = "Elasticsearch" }));
        Assert.Contains("Search:Elasticsearch:Url", missing.Message);
        var unknown = Assert.Throws<InvalidOperationException>(() => Configure(new() { ["Search:Provider"] = "Solr" }));
        Assert.Contains("Solr", unknown.Message);

        var services = Configure(new() { ["Search:Provider"] = "Elasticsearch", ["Search:Elasticsearch:Url"] = "https://es.internal:9200" });
        Assert.Equal(typeof(ElasticsearchCatalogSearch), services.Single(d => d.ServiceType == typeof(ICatalogSearch)).ImplementationType);
        Assert.Equal(typeof(ElasticsearchCatalogIndex), services.Single(d => d.ServiceType == typeof(ICatalogIndex)).ImplementationType);
    }

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
