using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Procurement.Infrastructure.Persistence.Catalog;

/// <summary>
/// Tells the search index worker that something was committed, so it drains the outbox at once instead of at its
/// next tick (every 250 ms). Signals from many saves while the worker is busy fold into one; the tick remains for
/// what this process did not write (another web instance, a script).
/// </summary>
public sealed class CatalogOutboxSignal
{
    private readonly SemaphoreSlim _committed = new(0, 1);

    public void Notify()
    {
        try
        {
            _committed.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled and not yet taken: the worker will drain everything committed so far.
        }
    }

    /// <summary>Waits for a commit or the timeout; true when a commit was signalled.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _committed.WaitAsync(timeout, cancellationToken);
}

/// <summary>
/// Signals after each save that commits by itself, and after each explicit transaction commits. Any save may carry
/// outbox rows (the context adds them for product changes), and a drain of an empty outbox is one cheap query.
/// </summary>
public sealed class CatalogOutboxSignalInterceptor(CatalogOutboxSignal signal) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        NotifyUnlessInTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        NotifyUnlessInTransaction(eventData.Context);
        return result;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        signal.Notify();
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => signal.Notify();

    private void NotifyUnlessInTransaction(DbContext? context)
    {
        // Inside a transaction nothing is visible to the worker yet; the commit signals.
        if (context?.Database.CurrentTransaction is null)
        {
            signal.Notify();
        }
    }
}
