using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Procurement.Infrastructure.Persistence;

public static class Transactions
{
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction, which it commits itself when it succeeds (returning without
    /// a commit rolls back). The transaction runs inside the provider's execution strategy: SQL Server's retries
    /// transient faults, and EF refuses a transaction begun outside it ("does not support user-initiated
    /// transactions"); a retry runs the whole unit again. On SQLite the transaction first takes its file's
    /// <see cref="SqliteWriteGate"/>: the writers of this process queue for the file's one write lock instead of
    /// polling for it.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this DatabaseFacade database, Func<IDbContextTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            using var turn = await SqliteWriteGate.EnterAsync(database, cancellationToken);
            await using var transaction = await database.BeginTransactionAsync(cancellationToken);
            return await work(transaction);
        });
}

/// <summary>
/// SQLite lets one writer at a time hold a database file. A transaction that finds the lock taken fails with
/// SQLITE_BUSY, and Microsoft.Data.Sqlite then retries it after sleeping 150 ms on the request's thread, again and
/// again until the command timeout. Under a burst of writers (1,000 members choosing one gift at once, #24) that
/// polling, not the writing, was most of the time, and it held thread-pool threads asleep. So this process's write
/// transactions on a file wait their turn here, asynchronously and in arrival order, and SQLite's lock is then
/// (almost) always free when they begin. Writers of other processes still meet the busy retry, as before. A wait
/// longer than the connection's timeout fails as the busy lock would. Not used on SQL Server, whose writers run
/// side by side under its own row locks.
/// </summary>
public static class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Files = new(StringComparer.Ordinal);

    public static async Task<IDisposable?> EnterAsync(DatabaseFacade database, CancellationToken cancellationToken)
    {
        // A transaction already open on this context holds the turn (or is SQL Server's).
        if (!database.IsSqlite() || database.CurrentTransaction is not null || database.GetDbConnection() is not SqliteConnection connection)
        {
            return null;
        }
        // An in-memory database is its connection's own: nobody to wait for.
        var where = new SqliteConnectionStringBuilder(connection.ConnectionString);
        if (where.Mode == SqliteOpenMode.Memory || where.DataSource is "" or ":memory:" || where.DataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            return null;
        }
        var file = Path.GetFullPath(where.DataSource);
        var gate = Files.GetOrAdd(file, _ => new SemaphoreSlim(1, 1));
        var timeout = TimeSpan.FromSeconds(connection.DefaultTimeout > 0 ? connection.DefaultTimeout : 30);
        if (!await gate.WaitAsync(timeout, cancellationToken))
        {
            throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for this process's other writers of {Path.GetFileName(file)}.");
        }
        return new Turn(gate);
    }

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
