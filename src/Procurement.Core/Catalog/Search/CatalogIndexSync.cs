using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Procurement.Core.Catalog.Search;

/// <summary>A product id whose search document may be out of date, written in the same transaction as the change.</summary>
/// <param name="Attempts">How many times indexing this row has failed.</param>
public sealed record CatalogChange(long Id, Guid ProductId, int Attempts);

/// <summary>A product whose document the index kept refusing: set aside with the last error, retried after a reindex.</summary>
/// <param name="ProductName">Filled in when read back for people; empty when the product is gone.</param>
public sealed record CatalogDeadLetter(Guid ProductId, string Error, int Attempts, DateTimeOffset FailedAt, string ProductName = "");

/// <summary>The search outbox: changes to products and SKUs waiting to reach the index.</summary>
public interface ICatalogOutbox
{
    /// <summary>The oldest changes that are due (not postponed past <paramref name="now"/> after a failure).</summary>
    Task<IReadOnlyList<CatalogChange>> PeekAsync(int max, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Forgets exactly these rows: a row committed late with a smaller id than the batch's largest is kept.</summary>
    Task RemoveAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken);

    /// <summary>Leaves these rows for later: <paramref name="attempts"/> failures so far, next try at <paramref name="retryAt"/>.</summary>
    Task PostponeAsync(IReadOnlyCollection<long> ids, int attempts, DateTimeOffset retryAt, CancellationToken cancellationToken);

    /// <summary>Sets a product aside: its dead-letter row is written and its outbox rows removed, together.</summary>
    Task DeadLetterAsync(CatalogDeadLetter letter, IReadOnlyCollection<long> ids, CancellationToken cancellationToken);

    /// <summary>When the oldest waiting change was made; null when the outbox is empty.</summary>
    Task<DateTimeOffset?> OldestAsync(CancellationToken cancellationToken);

    Task<int> CountAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<CatalogDeadLetter>> DeadLettersAsync(int max, CancellationToken cancellationToken);

    /// <summary>Puts every dead letter back into the outbox (after a reindex, or when an admin asks); answers how many.</summary>
    Task<int> RequeueDeadLettersAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>A named lease in the database, so that one worker at a time does a job across every instance.</summary>
public interface ILeases
{
    /// <summary>Takes (or, for the same <paramref name="holder"/>, extends) the lease until now + <paramref name="duration"/>; false when another holds it.</summary>
    Task<bool> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken);

    Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken);
}

/// <summary>
/// Drains the outbox into the index: published products are upserted, anything else (unlisted, rejected, gone)
/// is deleted. One drainer at a time, by a database lease: the continuous worker, the every-minute job and other
/// instances take turns, so an older snapshot never re-adds a product another drainer just removed. A batch that
/// fails is retried product by product: the products the index refuses are postponed with backoff and, after
/// <see cref="MaxAttempts"/>, set aside as dead letters, so one bad document cannot hold up everything after it.
/// </summary>
public sealed class CatalogIndexSync(
    ICatalogOutbox outbox, ICatalogDocuments documents, ICatalogIndex index, ILeases leases, TimeProvider clock, ILogger<CatalogIndexSync> logger)
{
    /// <summary>
    /// Changes per batch. A batch costs a fixed index commit (about 60 ms on Lucene) besides its documents, so a stock
    /// import's thousands of products drain in few batches; a single edit is a batch of one either way.
    /// </summary>
    public const int BatchSize = 2000;

    public const int MaxAttempts = 5;
    public const string LeaseName = "catalog-index-sync";
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(2);

    /// <summary>2, 4, 8, 16 s… after each failure, at most a minute.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Clamp(attempts, 1, 6))));

    /// <summary>Drains until the outbox has nothing due, unless another drainer holds the lease.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        // The worker asks every 250 ms: with nothing due, one read and no lease write.
        if ((await outbox.PeekAsync(1, clock.GetUtcNow(), cancellationToken)).Count == 0)
        {
            return;
        }
        var holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        if (!await leases.TryAcquireAsync(LeaseName, holder, LeaseDuration, cancellationToken))
        {
            return;
        }
        try
        {
            // Each batch renews the lease; losing it (a batch slower than the lease) stops this drainer.
            while (await DrainOnceAsync(cancellationToken) == BatchSize
                   && await leases.TryAcquireAsync(LeaseName, holder, LeaseDuration, cancellationToken))
            {
            }
        }
        finally
        {
            await leases.ReleaseAsync(LeaseName, holder, CancellationToken.None);
        }
    }

    /// <summary>Processes one batch; returns how many changes it took. Call under the lease (<see cref="DrainAsync"/>).</summary>
    public async Task<int> DrainOnceAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var changes = await outbox.PeekAsync(BatchSize, clock.GetUtcNow(), cancellationToken);
        if (changes.Count == 0)
        {
            return 0;
        }
        try
        {
            var (upserted, deleted) = await ApplyAsync(changes.Select(c => c.ProductId).Distinct().ToList(), cancellationToken);
            await outbox.RemoveAsync(changes.Select(c => c.Id).ToList(), cancellationToken);
            logger.LogDebug("Search index: {Upserted} upserted, {Deleted} removed in {Elapsed} ms", upserted, deleted, watch.ElapsedMilliseconds);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Search index batch of {Count} changes failed; retrying product by product", changes.Count);
            await IsolateAsync(changes, cancellationToken);
        }
        return changes.Count;
    }

    private async Task IsolateAsync(IReadOnlyList<CatalogChange> changes, CancellationToken cancellationToken)
    {
        var failures = new List<(IGrouping<Guid, CatalogChange> Rows, Exception Error)>();
        var groups = changes.GroupBy(c => c.ProductId).ToList();
        foreach (var rows in groups)
        {
            try
            {
                await ApplyAsync([rows.Key], cancellationToken);
                await outbox.RemoveAsync(rows.Select(c => c.Id).ToList(), cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                failures.Add((rows, exception));
            }
        }
        var now = clock.GetUtcNow();
        if (failures.Count == groups.Count && groups.Count > 1)
        {
            // Everything failed alone too: the index is down, not a document bad. Wait, without counting it against them.
            await outbox.PostponeAsync(changes.Select(c => c.Id).ToList(), changes.Max(c => c.Attempts), now + Backoff(changes.Max(c => c.Attempts) + 1), cancellationToken);
            throw new InvalidOperationException("The search index refused every change of the batch.", failures[0].Error);
        }
        foreach (var (rows, error) in failures)
        {
            var attempts = rows.Max(c => c.Attempts) + 1;
            var ids = rows.Select(c => c.Id).ToList();
            if (attempts >= MaxAttempts)
            {
                logger.LogError(error, "Product {ProductId} set aside after {Attempts} failed indexing attempts", rows.Key, attempts);
                await outbox.DeadLetterAsync(new CatalogDeadLetter(rows.Key, Describe(error), attempts, now), ids, cancellationToken);
            }
            else
            {
                logger.LogWarning(error, "Product {ProductId} could not be indexed (attempt {Attempts}); retrying", rows.Key, attempts);
                await outbox.PostponeAsync(ids, attempts, now + Backoff(attempts), cancellationToken);
            }
        }
    }

    private async Task<(int Upserted, int Deleted)> ApplyAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        var current = await documents.FindAsync(ids, cancellationToken);
        var published = current.Select(d => d.ProductId).ToHashSet();
        var gone = ids.Where(id => !published.Contains(id)).ToList();
        await index.UpsertAsync(current, cancellationToken);
        await index.DeleteAsync(gone, cancellationToken);
        return (current.Count, gone.Count);
    }

    private static string Describe(Exception error)
    {
        var text = error.InnerException is { } inner ? $"{error.Message} ({inner.Message})" : error.Message;
        return text.Length <= 1000 ? text : text[..1000];
    }
}
