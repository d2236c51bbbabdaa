using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Procurement.Core.Catalog.Search;

/// <summary>A product id whose search document may be out of date, written in the same transaction as the change.</summary>
public sealed record CatalogChange(long Id, Guid ProductId);

/// <summary>The search outbox: changes to products and SKUs waiting to reach the index.</summary>
public interface ICatalogOutbox
{
    Task<IReadOnlyList<CatalogChange>> PeekAsync(int max, CancellationToken cancellationToken);

    /// <summary>Forgets the changes up to and including <paramref name="lastId"/>; later ones stay.</summary>
    Task RemoveThroughAsync(long lastId, CancellationToken cancellationToken);
}

/// <summary>
/// Drains the outbox into the index: published products are upserted, anything else (unlisted, rejected, gone)
/// is deleted. Idempotent, so the continuous worker and the every-minute safety-net job may overlap.
/// </summary>
public sealed class CatalogIndexSync(ICatalogOutbox outbox, ICatalogDocuments documents, ICatalogIndex index, ILogger<CatalogIndexSync> logger)
{
    /// <summary>
    /// Changes per batch. A batch costs a fixed index commit (about 60 ms on Lucene) besides its documents, so a stock
    /// import's thousands of products drain in few batches; a single edit is a batch of one either way.
    /// </summary>
    public const int BatchSize = 2000;

    /// <summary>Processes one batch; returns how many changes it took.</summary>
    public async Task<int> DrainOnceAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var changes = await outbox.PeekAsync(BatchSize, cancellationToken);
        if (changes.Count == 0)
        {
            return 0;
        }
        var ids = changes.Select(c => c.ProductId).Distinct().ToList();
        var current = await documents.FindAsync(ids, cancellationToken);
        var readMs = clock.ElapsedMilliseconds;
        var published = current.Select(d => d.ProductId).ToHashSet();
        await index.UpsertAsync(current, cancellationToken);
        await index.DeleteAsync(ids.Where(id => !published.Contains(id)).ToList(), cancellationToken);
        await outbox.RemoveThroughAsync(changes.Max(c => c.Id), cancellationToken);
        logger.LogDebug("Search index: {Upserted} upserted, {Deleted} removed in {Elapsed} ms (read {ReadMs} ms)",
            current.Count, ids.Count - current.Count, clock.ElapsedMilliseconds, readMs);
        return changes.Count;
    }

    /// <summary>Drains until the outbox is empty.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (await DrainOnceAsync(cancellationToken) == BatchSize)
        {
        }
    }
}
