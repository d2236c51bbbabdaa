using Procurement.Core.Common;
using Procurement.Core.Ordering;

namespace Procurement.Core.Partners;

/// <summary>Items are written in chunks, each its own short transaction, so a million rows never hold SQLite's write lock for long.</summary>
public interface IReconciliationStore
{
    void Add(ReconciliationRun run);
    Task<ReconciliationRun?> FindRunAsync(long id, CancellationToken cancellationToken);
    Task<IReadOnlyList<ReconciliationRun>> RunsAsync(string? partner, DateOnly from, DateOnly to, CancellationToken cancellationToken);

    /// <summary>Our partner orders placed in [from, to), their refunds summed.</summary>
    IAsyncEnumerable<LocalEntry> LocalAsync(string partner, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>The decisions taken on the date's current result, to keep on a re-run.</summary>
    Task<IReadOnlyList<CarriedResolution>> DecisionsAsync(string partner, DateOnly date, CancellationToken cancellationToken);

    /// <summary>Writes the run's items; <paramref name="stored"/> hears the count after each chunk.</summary>
    Task<int> WriteItemsAsync(long runId, IEnumerable<ReconciliationItem> items, Func<int, Task> stored, CancellationToken cancellationToken);

    Task ReportAsync(long runId, RunProgress progress, CancellationToken cancellationToken);

    /// <summary>In one transaction: the date's current run stops being current and this one, succeeded, becomes it.</summary>
    Task PromoteAsync(ReconciliationRun run, CancellationToken cancellationToken);

    /// <summary>Deletes the items of runs of the date that are not its current result (superseded, failed, or a crashed attempt).</summary>
    Task<int> PurgeAsync(string partner, DateOnly date, CancellationToken cancellationToken);

    Task DeleteItemsAsync(long runId, CancellationToken cancellationToken);

    Task<Paged<ItemView>> ItemsAsync(ReconciliationRun run, ItemQuery query, CancellationToken cancellationToken);

    /// <summary>Open differences of the partner's current results of dates before <paramref name="date"/> (carried forward).</summary>
    Task<Paged<ItemView>> OpenBeforeAsync(string partner, DateOnly date, ItemQuery query, CancellationToken cancellationToken);

    Task<ReconciliationItem?> FindItemAsync(long itemId, CancellationToken cancellationToken);

    Task<ItemView?> ItemViewAsync(long itemId, CancellationToken cancellationToken);

    /// <summary>Every item of the run, in order, read as it is written out.</summary>
    IAsyncEnumerable<ItemView> ExportAsync(ReconciliationRun run, CancellationToken cancellationToken);

    Task<IReadOnlyList<DayDifferences>> DaysAsync(string? partner, DateOnly from, DateOnly to, CancellationToken cancellationToken);
}

/// <summary>Hands a run to the job runner (Hangfire).</summary>
public interface IReconciliationQueue
{
    void Enqueue(long runId);
}

/// <summary>Writes a run's items to a stream as they are read: CSV (UTF-8 with BOM) or XLSX, the contract's header.</summary>
public interface IReconciliationSheets
{
    /// <summary><paramref name="labels"/>: the contract's codes (the API) or the reader's words (the portal's link).</summary>
    Task WriteAsync(IAsyncEnumerable<ItemView> items, SheetFormat format, SheetLabels labels, Stream output, CancellationToken cancellationToken);
}
