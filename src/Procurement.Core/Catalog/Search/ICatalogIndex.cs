namespace Procurement.Core.Catalog.Search;

/// <summary>Writes to the search index (Lucene embedded, or Elasticsearch).</summary>
public interface ICatalogIndex
{
    /// <summary>Adds or replaces these documents; visible to searches when the call returns.</summary>
    Task UpsertAsync(IReadOnlyCollection<CatalogDocument> documents, CancellationToken cancellationToken);

    /// <summary>Removes these products; visible to searches when the call returns.</summary>
    Task DeleteAsync(IReadOnlyCollection<Guid> productIds, CancellationToken cancellationToken);

    /// <summary>
    /// Builds a fresh index from <paramref name="documents"/> beside the live one and swaps it in when complete.
    /// Searches keep answering from the old index meanwhile; upserts made during the build are carried over.
    /// </summary>
    Task RebuildAsync(IAsyncEnumerable<CatalogDocument> documents, IProgress<int>? progress, CancellationToken cancellationToken);

    /// <summary>How many documents the live index holds; throws when the index cannot be read.</summary>
    Task<long> CountAsync(CancellationToken cancellationToken);
}

/// <summary>Starts a full rebuild of the search index in the background; answers the job's id.</summary>
public interface ICatalogReindexScheduler
{
    string Enqueue();
}
