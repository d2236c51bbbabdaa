using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Procurement.Core.Common;

namespace Procurement.Infrastructure.Persistence;

/// <summary>
/// The operation's context, saved in one transaction inside the execution strategy, after the statements the stores
/// staged (<see cref="StagedStatements"/>): a refused step rolls back everything, tracked changes included.
/// </summary>
public sealed class UnitOfWork(ProcurementDbContext db, StagedStatements staged) : IUnitOfWork
{
    public async Task<Error?> CommitAsync(CancellationToken cancellationToken)
    {
        try
        {
            var refused = await db.Database.InTransactionAsync(async transaction =>
            {
                if (await staged.RunAsync(cancellationToken) is { } error)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return error;
                }
                // Changes are accepted only after the commit, so a retried attempt saves the same changes again.
                await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return null;
            }, cancellationToken);
            if (refused is not null)
            {
                return refused;
            }
            staged.Clear();
            db.ChangeTracker.AcceptAllChanges();
            return null;
        }
        catch (DbUpdateException exception) when (DbErrors.ConflictOf(exception) is { } conflict)
        {
            return conflict;
        }
    }
}

/// <summary>The one place database refusals become the contract's <c>conflict</c>: a stale row or a taken unique value.</summary>
public static class DbErrors
{
    public static Error? ConflictOf(Exception exception) => exception switch
    {
        DbUpdateConcurrencyException => Conflicts.Changed(),
        DbUpdateException { InnerException: { } inner } when IsUniqueViolation(inner) => Conflicts.Taken(),
        _ => null,
    };

    private static bool IsUniqueViolation(Exception exception) => exception switch
    {
        // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY.
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        // Cannot insert duplicate key row (unique index) / violation of a unique or primary key constraint.
        SqlException sql => sql.Number is 2601 or 2627,
        _ => false,
    };
}
