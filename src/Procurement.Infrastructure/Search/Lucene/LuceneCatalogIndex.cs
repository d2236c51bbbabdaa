using System.Collections.Concurrent;
using Lucene.Net.Index;
using Microsoft.Extensions.Logging;
using Procurement.Core.Catalog.Search;

namespace Procurement.Infrastructure.Search.Lucene;

/// <summary>Writes to the embedded index. Changes are committed and visible to searches when a call returns.</summary>
public sealed class LuceneCatalogIndex(LuceneIndexHolder holder, ILogger<LuceneCatalogIndex> logger) : ICatalogIndex
{
    // While a rebuild runs, changes go to the live index and are remembered here, to be replayed onto the new one.
    private ConcurrentDictionary<Guid, CatalogDocument?>? _duringRebuild;
    private readonly SemaphoreSlim _rebuilding = new(1, 1);

    public Task UpsertAsync(IReadOnlyCollection<CatalogDocument> documents, CancellationToken cancellationToken)
    {
        if (documents.Count == 0)
        {
            return Task.CompletedTask;
        }
        holder.WithWriter((writer, searchers) =>
        {
            foreach (var document in documents)
            {
                writer.UpdateDocument(new Term(CatalogFields.Id, document.ProductId.ToString()), CatalogFields.ToDocument(document));
                if (_duringRebuild is { } pending)
                {
                    pending[document.ProductId] = document;
                }
            }
            writer.Commit();
            searchers.MaybeRefreshBlocking();
            return 0;
        });
        return Task.CompletedTask;
    }

    public Task DeleteAsync(IReadOnlyCollection<Guid> productIds, CancellationToken cancellationToken)
    {
        if (productIds.Count == 0)
        {
            return Task.CompletedTask;
        }
        holder.WithWriter((writer, searchers) =>
        {
            writer.DeleteDocuments(productIds.Select(id => new Term(CatalogFields.Id, id.ToString())).ToArray());
            foreach (var id in productIds)
            {
                if (_duringRebuild is { } pending)
                {
                    pending[id] = null;
                }
            }
            writer.Commit();
            searchers.MaybeRefreshBlocking();
            return 0;
        });
        return Task.CompletedTask;
    }

    public async Task RebuildAsync(IAsyncEnumerable<CatalogDocument> documents, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        await _rebuilding.WaitAsync(cancellationToken);
        var (name, writer, directory) = holder.CreateNextGeneration();
        var completed = false;
        try
        {
            _duringRebuild = new ConcurrentDictionary<Guid, CatalogDocument?>();
            var count = 0;
            await foreach (var document in documents.WithCancellation(cancellationToken))
            {
                writer.AddDocument(CatalogFields.ToDocument(document));
                if (++count % 1000 == 0)
                {
                    progress?.Report(count);
                }
            }
            progress?.Report(count);
            // Writers are held off while this runs, so nothing can change between the replay and the swap.
            holder.SwapTo(name, writer, directory, beforeSwap: () =>
            {
                // What changed while we were building wins over what we read at the start.
                foreach (var (id, document) in _duringRebuild)
                {
                    if (document is null)
                    {
                        writer.DeleteDocuments(new Term(CatalogFields.Id, id.ToString()));
                    }
                    else
                    {
                        writer.UpdateDocument(new Term(CatalogFields.Id, id.ToString()), CatalogFields.ToDocument(document));
                    }
                }
                writer.Commit();
            });
            completed = true;
            logger.LogInformation("Rebuilt the search index with {Count} documents", count);
        }
        finally
        {
            _duringRebuild = null;
            if (!completed)
            {
                writer.Dispose();
                directory.Dispose();
            }
            _rebuilding.Release();
        }
    }

    public Task<long> CountAsync(CancellationToken cancellationToken)
    {
        using var lease = holder.Acquire();
        return Task.FromResult((long)lease.Searcher.IndexReader.NumDocs);
    }
}
