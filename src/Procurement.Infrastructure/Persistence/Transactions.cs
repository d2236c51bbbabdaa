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
    /// transactions"); a retry runs the whole unit again.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this DatabaseFacade database, Func<IDbContextTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await database.BeginTransactionAsync(cancellationToken);
            return await work(transaction);
        });
}
