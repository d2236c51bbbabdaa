using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Bulk;
using Elastic.Transport;
using HttpMethod = Elastic.Transport.HttpMethod;
using Microsoft.Extensions.Logging;
using Procurement.Core.Catalog.Search;

namespace Procurement.Infrastructure.Search.Elasticsearch;

/// <summary>
/// Writes to Elasticsearch through the catalog alias. Changes use <c>refresh=wait_for</c>, so they are searchable
/// when a call returns, as the port promises. A rebuild loads a new <c>{alias}-{timestamp}</c> index with refresh
/// off, replays the changes made meanwhile, and moves the alias in one atomic <c>_aliases</c> call: searches never
/// see a half-built index and never stop answering.
/// </summary>
public sealed class ElasticsearchCatalogIndex(ElasticsearchClient client, ElasticsearchOptions options, ILogger<ElasticsearchCatalogIndex> logger, TimeProvider? clock = null)
    : ICatalogIndex
{
    private readonly SemaphoreSlim _ensure = new(1, 1);
    private readonly SemaphoreSlim _rebuilding = new(1, 1);
    // Writes to the alias are held off while a rebuild replays its backlog and swaps, so none is lost between the two.
    private readonly SemaphoreSlim _writes = new(1, 1);
    private ConcurrentDictionary<Guid, CatalogDocument?>? _duringRebuild;
    private volatile bool _ensured;

    public Task UpsertAsync(IReadOnlyCollection<CatalogDocument> documents, CancellationToken cancellationToken) =>
        WriteAsync(documents, [], cancellationToken);

    public Task DeleteAsync(IReadOnlyCollection<Guid> productIds, CancellationToken cancellationToken) =>
        WriteAsync([], productIds, cancellationToken);

    /// <summary>Writes through the alias, searchable on return, and remembers the change for a rebuild under way.</summary>
    private async Task WriteAsync(IReadOnlyCollection<CatalogDocument> upserts, IReadOnlyCollection<Guid> deletes, CancellationToken cancellationToken)
    {
        if (upserts.Count == 0 && deletes.Count == 0)
        {
            return;
        }
        await EnsureAsync(cancellationToken);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            await BulkAsync(options.IndexPrefix, upserts, deletes, Refresh.WaitFor, cancellationToken);
            if (_duringRebuild is { } pending)
            {
                foreach (var document in upserts)
                {
                    pending[document.ProductId] = document;
                }
                foreach (var id in deletes)
                {
                    pending[id] = null;
                }
            }
        }
        finally
        {
            _writes.Release();
        }
    }

    public async Task RebuildAsync(IAsyncEnumerable<CatalogDocument> documents, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        await _rebuilding.WaitAsync(cancellationToken);
        var name = $"{options.IndexPrefix}-{(clock ?? TimeProvider.System).GetUtcNow():yyyyMMddHHmmssfff}";
        var swapped = false;
        try
        {
            await EnsureAsync(cancellationToken);
            // Bulk loading is faster with refresh and replicas off; both are restored before the swap.
            await SendAsync(HttpMethod.PUT, $"/{name}", """{"settings":{"index":{"refresh_interval":"-1","number_of_replicas":0}}}""", cancellationToken);
            _duringRebuild = new ConcurrentDictionary<Guid, CatalogDocument?>();

            var count = 0;
            var batch = new List<CatalogDocument>(options.BulkSize);
            await foreach (var document in documents.WithCancellation(cancellationToken))
            {
                batch.Add(document);
                if (batch.Count == options.BulkSize)
                {
                    await BulkAsync(name, batch, [], null, cancellationToken);
                    count += batch.Count;
                    batch.Clear();
                    progress?.Report(count);
                }
            }
            await BulkAsync(name, batch, [], null, cancellationToken);
            count += batch.Count;
            progress?.Report(count);

            await _writes.WaitAsync(cancellationToken);
            try
            {
                var backlog = _duringRebuild.ToArray();
                await BulkAsync(name,
                    backlog.Where(x => x.Value is not null).Select(x => x.Value!).ToList(),
                    backlog.Where(x => x.Value is null).Select(x => x.Key).ToList(), null, cancellationToken);
                await SendAsync(HttpMethod.PUT, $"/{name}/_settings", """{"index":{"refresh_interval":null,"number_of_replicas":null}}""", cancellationToken);
                await SendAsync(HttpMethod.POST, $"/{name}/_refresh", null, cancellationToken);

                var previous = await AliasedIndicesAsync(cancellationToken);
                var actions = new JsonArray { new JsonObject { ["add"] = new JsonObject { ["index"] = name, ["alias"] = options.IndexPrefix } } };
                foreach (var old in previous)
                {
                    actions.Add(new JsonObject { ["remove"] = new JsonObject { ["index"] = old, ["alias"] = options.IndexPrefix } });
                }
                await SendAsync(HttpMethod.POST, "/_aliases", new JsonObject { ["actions"] = actions }.ToJsonString(), cancellationToken);
                swapped = true;
                _duringRebuild = null;
                logger.LogInformation("Search index {Index} now serves {Alias} with {Count} products ({Replayed} changes replayed)",
                    name, options.IndexPrefix, count, backlog.Length);

                foreach (var old in previous)
                {
                    await DeleteIndexQuietlyAsync(old);
                }
            }
            finally
            {
                _writes.Release();
            }
        }
        finally
        {
            _duringRebuild = null;
            if (!swapped)
            {
                await DeleteIndexQuietlyAsync(name);
            }
            _rebuilding.Release();
        }
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await EnsureAsync(cancellationToken);
        var response = await client.CountAsync(new CountRequest(options.IndexPrefix), cancellationToken);
        return response.IsValidResponse ? response.Count : throw ElasticsearchFailure.From("count", response);
    }

    /// <summary>
    /// Installs the index template (infra/elasticsearch/catalog-template.json) and, on a new cluster, a first empty
    /// index behind the alias. Runs once per process; safe to repeat.
    /// </summary>
    private async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_ensured)
        {
            return;
        }
        await _ensure.WaitAsync(cancellationToken);
        try
        {
            if (_ensured)
            {
                return;
            }
            await SendAsync(HttpMethod.PUT, $"/_index_template/{options.IndexPrefix}", ElasticsearchTemplate.For(options.IndexPrefix), cancellationToken);
            if ((await AliasedIndicesAsync(cancellationToken)).Count == 0)
            {
                // One fixed name, so two instances starting together on a new cluster make one index, not two behind the alias.
                var first = $"{options.IndexPrefix}-initial";
                var created = await client.Transport.RequestAsync<StringResponse>(HttpMethod.PUT, $"/{first}", PostData.String(new JsonObject
                {
                    ["aliases"] = new JsonObject { [options.IndexPrefix] = new JsonObject() },
                }.ToJsonString()), cancellationToken);
                if (created.ApiCallDetails.HttpStatusCode == 400 && created.Body.Contains("resource_already_exists_exception", StringComparison.Ordinal))
                {
                    logger.LogInformation("Search index {Index} was created by another instance", first);
                }
                else
                {
                    EnsureSuccess($"PUT /{first}", created);
                    logger.LogInformation("Created search index {Index} behind alias {Alias}", first, options.IndexPrefix);
                }
            }
            _ensured = true;
        }
        finally
        {
            _ensure.Release();
        }
    }

    /// <summary>The concrete indices behind the alias; none on a new cluster.</summary>
    private async Task<IReadOnlyList<string>> AliasedIndicesAsync(CancellationToken cancellationToken)
    {
        var response = await client.Transport.RequestAsync<StringResponse>(HttpMethod.GET, $"/_alias/{options.IndexPrefix}", cancellationToken);
        if (response.ApiCallDetails.HttpStatusCode == 404)
        {
            return [];
        }
        EnsureSuccess("alias lookup", response);
        return JsonNode.Parse(response.Body)!.AsObject().Select(index => index.Key).ToList();
    }

    private async Task BulkAsync(string index, IReadOnlyCollection<CatalogDocument> upserts, IReadOnlyCollection<Guid> deletes,
        Refresh? refresh, CancellationToken cancellationToken)
    {
        if (upserts.Count == 0 && deletes.Count == 0)
        {
            return;
        }
        var operations = new BulkOperationsCollection();
        foreach (var document in upserts)
        {
            operations.Add(new BulkIndexOperation<CatalogEsDocument>(CatalogEsDocument.From(document)) { Id = document.ProductId.ToString() });
        }
        foreach (var id in deletes)
        {
            operations.Add(new BulkDeleteOperation(id.ToString()));
        }
        var response = await client.BulkAsync(new BulkRequest(index) { Operations = operations, Refresh = refresh }, cancellationToken);
        // Deleting a product the index never had answers 404 without an error: that is fine.
        var failed = response.Items?.Where(item => item.Error is not null).ToList() ?? [];
        if (response.ApiCallDetails.HttpStatusCode != 200 || failed.Count > 0)
        {
            var reasons = string.Join("; ", failed.Take(3).Select(item => $"{item.Id}: {item.Error!.Reason}"));
            throw failed.Count > 0
                ? new ElasticsearchFailure($"Elasticsearch bulk write to {index} failed for {failed.Count} documents: {reasons}")
                : ElasticsearchFailure.From("bulk write", response);
        }
    }

    private async Task SendAsync(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        var response = json is null
            ? await client.Transport.RequestAsync<StringResponse>(method, path, cancellationToken)
            : await client.Transport.RequestAsync<StringResponse>(method, path, PostData.String(json), cancellationToken);
        EnsureSuccess($"{method} {path}", response);
    }

    private async Task DeleteIndexQuietlyAsync(string index)
    {
        var response = await client.Transport.RequestAsync<StringResponse>(HttpMethod.DELETE, $"/{index}", CancellationToken.None);
        if (!response.ApiCallDetails.HasSuccessfulStatusCode && response.ApiCallDetails.HttpStatusCode != 404)
        {
            logger.LogWarning("Could not delete old search index {Index}: {Status}", index, response.ApiCallDetails.HttpStatusCode);
        }
    }

    private static void EnsureSuccess(string operation, StringResponse response)
    {
        if (!response.ApiCallDetails.HasSuccessfulStatusCode)
        {
            var reason = response.Body is { Length: > 0 } body ? Truncate(body) : response.ApiCallDetails.OriginalException?.Message ?? "no answer";
            throw new ElasticsearchFailure($"Elasticsearch {operation} failed ({response.ApiCallDetails.HttpStatusCode?.ToString() ?? "no status"}): {reason}",
                response.ApiCallDetails.OriginalException);
        }
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500] + "…";
}

/// <summary>The index template shipped in infra/elasticsearch, aimed at this deployment's alias.</summary>
internal static class ElasticsearchTemplate
{
    private static readonly Lazy<string> _json = new(() =>
    {
        using var stream = typeof(ElasticsearchTemplate).Assembly.GetManifestResourceStream("Procurement.Infrastructure.catalog-template.json")
            ?? throw new InvalidOperationException("The catalog index template is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static string For(string alias)
    {
        var template = JsonNode.Parse(_json.Value)!.AsObject();
        template["index_patterns"] = new JsonArray($"{alias}-*");
        return template.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
