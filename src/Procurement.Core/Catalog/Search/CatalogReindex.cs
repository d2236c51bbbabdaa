using Microsoft.Extensions.Logging;

namespace Procurement.Core.Catalog.Search;

/// <summary>
/// Rebuilds the whole index from the database beside the live one and swaps it in; searches keep answering from
/// the old index until the swap. Reports progress as it goes.
/// </summary>
public sealed class CatalogReindex(ICatalogDocuments documents, ICatalogIndex index, ICatalogOutbox outbox, TimeProvider clock, ILogger<CatalogReindex> logger)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var total = await documents.CountPublishedAsync(cancellationToken);
        logger.LogInformation("Search reindex started: {Total} published products", total);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var done = 0;
        var progress = new Progress<int>(count =>
        {
            done = count;
            logger.LogInformation("Search reindex: {Done}/{Total} ({Percent:0}%)", count, total, total == 0 ? 100 : 100.0 * count / total);
        });
        await index.RebuildAsync(documents.AllPublishedAsync(cancellationToken), progress, cancellationToken);
        logger.LogInformation("Search reindex finished: {Total} products in {Elapsed} ms", total, watch.ElapsedMilliseconds);
        // A fresh index (a new mapping, a fixed analyzer) is the moment to try the set-aside documents again.
        if (await outbox.RequeueDeadLettersAsync(clock.GetUtcNow(), cancellationToken) is > 0 and var requeued)
        {
            logger.LogInformation("Search reindex: {Requeued} set-aside products queued again", requeued);
        }
        return Math.Max(done, total);
    }

    /// <summary>At start-up: an empty index over a non-empty catalog (first run, or a lost index folder) is rebuilt.</summary>
    public async Task EnsureBuiltAsync(CancellationToken cancellationToken)
    {
        if (await index.CountAsync(cancellationToken) == 0 && await documents.CountPublishedAsync(cancellationToken) > 0)
        {
            await RunAsync(cancellationToken);
        }
    }
}
