using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Procurement.Core.Catalog.Search;
using Procurement.Infrastructure.Search.Elasticsearch;
using Procurement.IntegrationTests.Catalog.Relevance;
using Procurement.IntegrationTests.Seeding;
using Xunit.Abstractions;

namespace Procurement.IntegrationTests.Catalog.Elasticsearch;

/// <summary>
/// The judged query set on a live cluster holding the demo catalog (ELASTICSEARCH_URL): the same nDCG@10 target
/// as the embedded index. Reported as skipped when no cluster is configured.
/// </summary>
[RequiresEnvironment("ELASTICSEARCH_URL")]
public sealed class ElasticsearchRelevanceTests(ITestOutputHelper output)
{
    [EngineFact]
    public async Task Judged_queries_reach_the_ndcg_target_on_elasticsearch()
    {
        // Made here rather than as a class fixture, so a run without a cluster does not seed a demo app for nothing.
        await using var app = new DemoApp();
        var options = LiveCluster.NewOptions();
        var client = ElasticsearchSetup.CreateClient(options);
        var index = new ElasticsearchCatalogIndex(client, options, NullLogger<ElasticsearchCatalogIndex>.Instance);
        double mean;
        try
        {
            using (var scope = app.Services.CreateScope())
            {
                var documents = scope.ServiceProvider.GetRequiredService<ICatalogDocuments>();
                await index.RebuildAsync(documents.AllPublishedAsync(CancellationToken.None), null, CancellationToken.None);
            }
            mean = await RelevanceTests.MeasureAsync(new ElasticsearchCatalogSearch(client, options), output);
        }
        finally
        {
            await LiveCluster.CleanUpAsync(options);
        }

        Assert.True(mean >= RelevanceTests.Target, $"mean nDCG@10 {mean:0.000} < {RelevanceTests.Target}");
    }
}
