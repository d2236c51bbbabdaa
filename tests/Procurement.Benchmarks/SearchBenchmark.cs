using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Procurement.Core.Catalog.Search;
using Procurement.Infrastructure.Search.Lucene;

namespace Procurement.Benchmarks;

/// <summary>
/// Catalog search on a generated catalog (100,000 products; 20,000 with --quick): index build, in-process search
/// and suggest latency, a SQL LIKE baseline on the same data, HTTP throughput and memory of the app serving that
/// index, change-to-searchable latency through the outbox, and nDCG@10 of the judged queries on the demo catalog.
/// </summary>
internal static class SearchBenchmark
{
    public static async Task<List<Result>> RunAsync(string appDll, bool quick)
    {
        var results = new List<Result>();
        var size = quick ? 20_000 : 100_000;
        var dataDirectory = Path.Combine(Path.GetTempPath(), "procurement-bench", "search-" + Guid.NewGuid().ToString("N"));
        var documents = CatalogGenerator.Generate(size).ToList();

        // 1. Full index build, into the data directory the app will then serve.
        using (var holder = new LuceneIndexHolder(Path.Combine(dataDirectory, "search-index"), NullLogger<LuceneIndexHolder>.Instance))
        {
            var index = new LuceneCatalogIndex(holder, NullLogger<LuceneCatalogIndex>.Instance);
            var clock = Stopwatch.StartNew();
            await index.RebuildAsync(ToAsync(documents), null, CancellationToken.None);
            results.Add(new Result($"search_index_build_{size / 1000}k", Math.Round(clock.Elapsed.TotalSeconds, 2), "s", 20, LowerIsBetter: true));

            // 2. In-process search with facets and suggest.
            var search = new LuceneCatalogSearch(holder, cacheResults: false);
            var queries = CatalogGenerator.MixedQueries();
            foreach (var query in queries)
            {
                await search.SearchAsync(query, CancellationToken.None);
            }
            var latencies = new List<double>();
            for (var round = 0; round < (quick ? 5 : 20); round++)
            {
                foreach (var query in queries)
                {
                    var one = Stopwatch.StartNew();
                    await search.SearchAsync(query, CancellationToken.None);
                    latencies.Add(one.Elapsed.TotalMilliseconds);
                }
            }
            results.Add(new Result("search_in_process_p50", Percentile(latencies, 50), "ms", 5, LowerIsBetter: true));
            results.Add(new Result("search_in_process_p99", Percentile(latencies, 99), "ms", 20, LowerIsBetter: true));

            string[] prefixes = ["兰", "兰州", "百合", "定西", "lz", "lzbh", "bai", "baihe", "当", "dg", "牦牛", "mn", "花椒", "hj", "有机", "苹"];
            var suggestLatencies = new List<double>();
            for (var round = 0; round < (quick ? 20 : 100); round++)
            {
                foreach (var prefix in prefixes)
                {
                    var one = Stopwatch.StartNew();
                    await search.SuggestAsync(prefix, 8, CancellationToken.None);
                    suggestLatencies.Add(one.Elapsed.TotalMilliseconds);
                }
            }
            results.Add(new Result("suggest_in_process_p99", Percentile(suggestLatencies, 99), "ms", 5, LowerIsBetter: true));

            // 3. The same questions answered with SQL LIKE over the same rows, as a catalog without a search engine would.
            var likeMs = await LikeBaselineAsync(documents, queries.Take(40).ToList(), dataDirectory);
            var searchMs = latencies.Average();
            results.Add(new Result("sql_like_baseline_mean", Math.Round(likeMs, 2), "ms", 0, LowerIsBetter: true));
            results.Add(new Result("search_speedup_over_sql_like", Math.Round(likeMs / searchMs, 1), "x", 20, LowerIsBetter: false));

            // 4. One product's change visible, in process (commit + near-real-time reopen).
            var changed = documents[size / 2] with { Name = "基准测试专用百合" };
            var visible = Stopwatch.StartNew();
            await index.UpsertAsync([changed], CancellationToken.None);
            while ((await search.SearchAsync(new CatalogQuery { Q = "基准测试专用" }, CancellationToken.None)).Total == 0)
            {
                await Task.Delay(1);
            }
            results.Add(new Result("change_visible_in_process", Math.Round(visible.Elapsed.TotalMilliseconds, 1), "ms", 2000, LowerIsBetter: true));
        }

        // 5. The app serving that index: HTTP throughput, memory, and a database change reaching search through the outbox.
        await using (var app = await AppProcess.StartAsync(appDll, 5092, dataDirectory))
        {
            var paths = CatalogGenerator.MixedQueries().Select(ToQueryString).ToArray();
            var next = 0;
            var seconds = quick ? 3 : 10;
            var ok = await Program.LoadAsync(app.BaseUrl, seconds, 16, async client =>
                (await client.GetAsync(paths[Interlocked.Increment(ref next) % paths.Length])).IsSuccessStatusCode);
            results.Add(new Result("search_http_throughput_16_clients", Math.Round(ok / (double)seconds, 1), "req/s", 1000, LowerIsBetter: false));
            results.Add(new Result("search_app_rss_with_index", Math.Round(app.ResidentMegabytes(), 1), "MB", 600, LowerIsBetter: true));
            results.Add(new Result("change_visible_through_outbox", await OutboxVisibilityAsync(app, dataDirectory), "ms", 2000, LowerIsBetter: true));
        }
        results.Add(await NdcgAsync(appDll, "lucene", []));
        // The same judged queries on a live cluster when one is configured (the app indexes the demo catalog into it).
        if (Environment.GetEnvironmentVariable("ELASTICSEARCH_URL") is { Length: > 0 } url)
        {
            results.Add(await NdcgAsync(appDll, "elasticsearch",
            [
                "--Search:Provider", "Elasticsearch", "--Search:Elasticsearch:Url", url,
                "--Search:Elasticsearch:IndexPrefix", $"procbench{Guid.NewGuid():N}",
                "--Search:Elasticsearch:ApiKey", Environment.GetEnvironmentVariable("ELASTICSEARCH_API_KEY") ?? "",
                "--Search:Elasticsearch:Username", Environment.GetEnvironmentVariable("ELASTICSEARCH_USERNAME") ?? "",
                "--Search:Elasticsearch:Password", Environment.GetEnvironmentVariable("ELASTICSEARCH_PASSWORD") ?? "",
            ]));
        }
        return results;
    }

    private static async IAsyncEnumerable<CatalogDocument> ToAsync(IEnumerable<CatalogDocument> documents)
    {
        foreach (var document in documents)
        {
            yield return document;
        }
        await Task.CompletedTask;
    }

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return Math.Round(sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)], 2);
    }

    private static string ToQueryString(CatalogQuery q)
    {
        var parts = new List<string> { $"q={Uri.EscapeDataString(q.Q ?? "")}" };
        parts.AddRange(q.Categories.Select(c => $"category={c}"));
        parts.AddRange(q.Cities.Select(c => $"city={c}"));
        if (q.MinPrice is { } min) parts.Add($"minPrice={min}");
        if (q.MaxPrice is { } max) parts.Add($"maxPrice={max}");
        if (q.Certified is { } certified) parts.Add($"certified={certified.ToString().ToLowerInvariant()}");
        parts.Add($"sort={q.Sort switch { CatalogSort.PriceAsc => "price_asc", CatalogSort.Sales => "sales", _ => "relevance" }}");
        parts.Add($"page={q.Page}");
        return "/api/v1/catalog/search?" + string.Join('&', parts);
    }

    /// <summary>Total, page and three facet counts, each a LIKE scan: what the search endpoint answers, done in SQL.</summary>
    private static async Task<double> LikeBaselineAsync(List<CatalogDocument> documents, List<CatalogQuery> queries, string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "like-baseline.db");
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE P (Id TEXT PRIMARY KEY, Name TEXT, Description TEXT, Category TEXT, City TEXT, Supplier TEXT, MinPrice INTEGER, Sales INTEGER, Certified INTEGER)";
            await create.ExecuteNonQueryAsync();
        }
        await using (var transaction = connection.BeginTransaction())
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO P VALUES ($id, $name, $description, $category, $city, $supplier, $price, $sales, $certified)";
            var parameters = new[] { "$id", "$name", "$description", "$category", "$city", "$supplier", "$price", "$sales", "$certified" }
                .Select(name => insert.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
            foreach (var d in documents)
            {
                object[] values = [d.ProductId.ToString(), d.Name, d.Description, d.CategoryCode, d.CityCode, d.SupplierId.ToString(), Core.Common.Money.ToFen(d.MinPrice), d.SalesCount, d.Certified ? 1 : 0];
                for (var i = 0; i < values.Length; i++)
                {
                    parameters[i].Value = values[i];
                }
                await insert.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }
        var clock = Stopwatch.StartNew();
        foreach (var query in queries)
        {
            var where = "(Name LIKE $q OR Description LIKE $q)";
            if (query.Categories.Count > 0) where += $" AND Category IN ({string.Join(',', query.Categories.Select(c => $"'{c}'"))})";
            if (query.Cities.Count > 0) where += $" AND City IN ({string.Join(',', query.Cities.Select(c => $"'{c}'"))})";
            if (query.MinPrice is { } min) where += $" AND MinPrice >= {Core.Common.Money.ToFen(min)}";
            if (query.MaxPrice is { } max) where += $" AND MinPrice <= {Core.Common.Money.ToFen(max)}";
            if (query.Certified == true) where += " AND Certified = 1";
            foreach (var sql in new[]
            {
                $"SELECT COUNT(*) FROM P WHERE {where}",
                $"SELECT Id, Name, MinPrice FROM P WHERE {where} ORDER BY Sales DESC LIMIT 20 OFFSET {(query.Page - 1) * 20}",
                $"SELECT Category, COUNT(*) FROM P WHERE {where} GROUP BY Category",
                $"SELECT City, COUNT(*) FROM P WHERE {where} GROUP BY City",
                $"SELECT Supplier, COUNT(*) FROM P WHERE {where} GROUP BY Supplier ORDER BY 2 DESC LIMIT 50",
            })
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                command.Parameters.AddWithValue("$q", $"%{query.Q}%");
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                }
            }
        }
        return clock.Elapsed.TotalMilliseconds / queries.Count;
    }

    /// <summary>Renames a demo product in the app's database with an outbox row, as a save would, and times until search shows it.</summary>
    private static async Task<double> OutboxVisibilityAsync(AppProcess app, string dataDirectory)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "procurement.db")};Default Timeout=30");
        await connection.OpenAsync();
        await using var pick = connection.CreateCommand();
        pick.CommandText = "SELECT Id FROM Products WHERE Status = 'Published' LIMIT 1";
        var id = (string)(await pick.ExecuteScalarAsync())!;
        var clock = Stopwatch.StartNew();
        await using (var write = connection.CreateCommand())
        {
            write.CommandText = "BEGIN; UPDATE Products SET Name = '基准变更可见性测试' WHERE Id = $id; INSERT INTO CatalogOutbox (ProductId, EnqueuedAt, Attempts) VALUES ($id, 0, 0); COMMIT;";
            write.Parameters.AddWithValue("$id", id);
            await write.ExecuteNonQueryAsync();
        }
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            var result = await client.GetFromJsonAsync<JsonElement>("/api/v1/catalog/search?q=" + Uri.EscapeDataString("基准变更可见性"));
            if (result.GetProperty("total").GetInt32() > 0)
            {
                return Math.Round(clock.Elapsed.TotalMilliseconds, 1);
            }
            await Task.Delay(10);
        }
        return 10_000;
    }

    /// <summary>The judged queries are about the demo catalog, so they are scored on an app serving just that.</summary>
    private static async Task<Result> NdcgAsync(string appDll, string engine, string[] settings)
    {
        var judgments = Relevance.RelevanceJudgments.Load(Path.Combine(AppContext.BaseDirectory, "Relevance", "judged-queries.json"));
        await using var demo = await AppProcess.StartAsync(appDll, 5094, settings: settings);
        using var client = new HttpClient { BaseAddress = new Uri(demo.BaseUrl) };
        var catalog = new List<string>();
        for (var page = 1; page <= 2; page++)
        {
            var all = await client.GetFromJsonAsync<JsonElement>($"/api/v1/catalog/search?pageSize=100&page={page}");
            catalog.AddRange(all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!));
        }
        var scores = new List<double>();
        foreach (var query in judgments.Queries)
        {
            var result = await client.GetFromJsonAsync<JsonElement>($"/api/v1/catalog/search?pageSize=10&q={Uri.EscapeDataString(query.Q)}");
            var ranked = result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToList();
            scores.Add(Relevance.RelevanceJudgments.Ndcg(query, ranked, catalog));
        }
        return new Result($"relevance_ndcg_at_10_{engine}", Math.Round(scores.Average(), 3), "nDCG", 0.9, LowerIsBetter: false);
    }
}
