using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Catalog.Search;
using Procurement.IntegrationTests.Seeding;
using Procurement.Relevance;
using Xunit.Abstractions;

namespace Procurement.IntegrationTests.Catalog.Relevance;

/// <summary>The judged query set against the demo catalog in the embedded index: mean nDCG@10 must reach 0.90.</summary>
public sealed class RelevanceTests(DemoApp app, ITestOutputHelper output) : IClassFixture<DemoApp>
{
    public const double Target = 0.90;

    [Fact]
    public async Task Judged_queries_reach_the_ndcg_target()
    {
        var mean = await MeasureAsync(app.Services.GetRequiredService<ICatalogSearch>(), output);
        Assert.True(mean >= Target, $"mean nDCG@10 {mean:0.000} < {Target}");
    }

    /// <summary>Mean nDCG@10 of the judged queries on the catalog <paramref name="search"/> holds; each query's score is written out.</summary>
    public static async Task<double> MeasureAsync(ICatalogSearch search, ITestOutputHelper output)
    {
        var judgments = RelevanceJudgments.Load(Path.Combine(AppContext.BaseDirectory, "Catalog", "Relevance", "judged-queries.json"));
        Assert.True(judgments.Queries.Count >= 40);
        var catalog = new List<string>();
        for (var page = 1; ; page++)
        {
            var all = await search.SearchAsync(new CatalogQuery { PageSize = 100, Page = page }, CancellationToken.None);
            catalog.AddRange(all.Items.Select(i => i.Name));
            if (all.Items.Count < 100)
            {
                break;
            }
        }

        var scores = new List<double>();
        foreach (var query in judgments.Queries)
        {
            var ranked = (await search.SearchAsync(new CatalogQuery { Q = query.Q, PageSize = RelevanceJudgments.Depth }, CancellationToken.None))
                .Items.Select(i => i.Name).ToList();
            var score = RelevanceJudgments.Ndcg(query, ranked, catalog);
            scores.Add(score);
            output.WriteLine($"{score:0.000}  {query.Kind,-11} {query.Q}  →  {string.Join(" | ", ranked.Take(5))}");
        }
        output.WriteLine($"mean nDCG@10 = {scores.Average():0.000} over {scores.Count} queries");
        return scores.Average();
    }
}
