using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Procurement.Infrastructure.Persistence;

/// <summary>
/// Applies pending migrations at start-up; on SQLite it also turns on write-ahead logging. A database made by the
/// migrations from before the baseline (docs/database.md) is refused with a message saying what to do.
/// </summary>
public sealed class DatabaseMigrator(ProcurementDbContext db, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            // WAL lets readers go on while one writer writes; the setting is stored in the file and persists.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        var known = db.Database.GetMigrations().ToList();
        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
        RefuseDatabaseFromBeforeTheBaseline(known, applied);
        var pending = known.Except(applied).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migrations: {Migrations}", pending.Count, pending);
        }
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>
    /// The development migrations were replaced by one baseline before the first release. A database they made has
    /// its tables but not the baseline in <c>__EFMigrationsHistory</c>: migrating it would try to create every table
    /// again and fail with "table already exists". Nothing in such a database is more than demo data.
    /// </summary>
    private void RefuseDatabaseFromBeforeTheBaseline(IReadOnlyList<string> known, IReadOnlyList<string> applied)
    {
        if (applied.Count == 0 || known.Count == 0 || applied.Contains(known[0]))
        {
            return;
        }
        var connection = db.Database.GetDbConnection();
        var remedy = db.Database.IsSqlite()
            ? $"Stop the app, delete the data folder (or at least the file {connection.DataSource} with its -wal and -shm files) and start again: a new database with the demo data is made."
            : $"Drop the database '{connection.Database}' on '{connection.DataSource}' and create it empty (or point ConnectionStrings:Procurement at a new one), then start again.";
        var message =
            $"The database was made by migrations from before the baseline ({applied[0]} … {applied[^1]}, {applied.Count} in __EFMigrationsHistory) " +
            $"and cannot be upgraded: this version's schema starts with {known[0]}. Those databases held demo data only. {remedy} See docs/database.md.";
        logger.LogCritical("{Problem}", message);
        throw new DatabaseFromBeforeBaselineException(message);
    }
}

/// <summary>Start-up found a database made by the migrations that the baseline replaced (see <see cref="DatabaseMigrator"/>).</summary>
public sealed class DatabaseFromBeforeBaselineException(string message) : InvalidOperationException(message);
