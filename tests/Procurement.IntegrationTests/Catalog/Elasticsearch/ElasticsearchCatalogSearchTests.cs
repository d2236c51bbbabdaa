using Microsoft.Extensions.Logging.Abstractions;
using Procurement.Core.Catalog.Search;
using Procurement.Infrastructure.Search.Elasticsearch;

namespace Procurement.IntegrationTests.Catalog.Elasticsearch;

/// <summary>The behaviour suite against a live cluster (see <see cref="LiveCluster"/>); skipped when none is configured.</summary>
[RequiresEnvironment("ELASTICSEARCH_URL")]
public sealed class ElasticsearchCatalogSearchTests : CatalogSearchBehaviour
{
    private ElasticsearchOptions? _options;

    protected override Task<(ICatalogIndex Index, ICatalogSearch Search)> CreateAsync()
    {
        _options = LiveCluster.NewOptions();
        var client = ElasticsearchSetup.CreateClient(_options);
        return Task.FromResult<(ICatalogIndex, ICatalogSearch)>(
            (new ElasticsearchCatalogIndex(client, _options, NullLogger<ElasticsearchCatalogIndex>.Instance), new ElasticsearchCatalogSearch(client, _options)));
    }

    public override Task DisposeAsync() => _options is null ? Task.CompletedTask : LiveCluster.CleanUpAsync(_options);
}
