using System.Text.Json.Nodes;
using Elastic.Transport;
using Procurement.Infrastructure.Search.Elasticsearch;
using HttpMethod = Elastic.Transport.HttpMethod;

namespace Procurement.IntegrationTests.Catalog.Elasticsearch;

/// <summary>
/// The cluster the live tests use: ELASTICSEARCH_URL, plus ELASTICSEARCH_API_KEY or ELASTICSEARCH_USERNAME and
/// ELASTICSEARCH_PASSWORD when secured. Each test gets its own alias, outside catalog-* so its template never
/// overlaps the real one's, and removes its indices and template afterwards.
/// </summary>
internal static class LiveCluster
{
    public static ElasticsearchOptions NewOptions() => new()
    {
        Url = Environment.GetEnvironmentVariable("ELASTICSEARCH_URL"),
        ApiKey = Environment.GetEnvironmentVariable("ELASTICSEARCH_API_KEY"),
        Username = Environment.GetEnvironmentVariable("ELASTICSEARCH_USERNAME"),
        Password = Environment.GetEnvironmentVariable("ELASTICSEARCH_PASSWORD"),
        IndexPrefix = $"proctest{Guid.NewGuid():N}",
    };

    public static async Task CleanUpAsync(ElasticsearchOptions options)
    {
        var client = ElasticsearchSetup.CreateClient(options);
        // Clusters refuse wildcard deletes by default (action.destructive_requires_name): name each index.
        var indices = await client.Transport.RequestAsync<StringResponse>(HttpMethod.GET, $"/{options.IndexPrefix}-*", CancellationToken.None);
        if (indices.ApiCallDetails.HasSuccessfulStatusCode)
        {
            foreach (var name in JsonNode.Parse(indices.Body)!.AsObject().Select(i => i.Key))
            {
                await client.Transport.RequestAsync<StringResponse>(HttpMethod.DELETE, $"/{name}", CancellationToken.None);
            }
        }
        await client.Transport.RequestAsync<StringResponse>(HttpMethod.DELETE, $"/_index_template/{options.IndexPrefix}", CancellationToken.None);
    }
}
