using Procurement.Core.Common;

namespace Procurement.Core.Catalog.Search;

/// <summary>What an admin sees of the index: its size, how far behind it is, and the products set aside.</summary>
/// <param name="Pending">Changes waiting in the outbox; <paramref name="OldestPendingAt"/> when the oldest was made.</param>
/// <param name="DeadLetters">Products the index kept refusing (newest first, at most 100), retried after a reindex.</param>
public sealed record CatalogIndexStatus(long Documents, int Pending, DateTimeOffset? OldestPendingAt, IReadOnlyList<CatalogDeadLetter> DeadLetters);

/// <summary>The index as admins look after it, from the API and the <c>/admin/search</c> page alike.</summary>
public sealed class CatalogIndexAdmin(ICatalogIndex index, ICatalogOutbox outbox, ICatalogReindexScheduler scheduler, ICurrentUser user, TimeProvider clock)
{
    public const int DeadLettersShown = 100;

    public async Task<Result<CatalogIndexStatus>> StatusAsync(CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Administer) is { } denied)
        {
            return denied;
        }
        return new CatalogIndexStatus(await index.CountAsync(cancellationToken), await outbox.CountAsync(cancellationToken),
            await outbox.OldestAsync(cancellationToken), await outbox.DeadLettersAsync(DeadLettersShown, cancellationToken));
    }

    /// <summary>Queues every set-aside product again; answers how many.</summary>
    public async Task<Result<int>> RetryDeadLettersAsync(CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.Administer) is { } denied)
        {
            return denied;
        }
        return await outbox.RequeueDeadLettersAsync(clock.GetUtcNow(), cancellationToken);
    }

    /// <summary>Starts a full rebuild in the background (the <c>catalog-reindex</c> job); answers its id.</summary>
    public Result<string> Reindex() => user.Refuse(Capability.Administer) is { } denied ? denied : scheduler.Enqueue();
}
