using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Procurement.Infrastructure.Persistence;

/// <summary>Applies pending migrations at start-up; on SQLite it also turns on write-ahead logging.</summary>
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
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migrations: {Migrations}", pending.Count, pending);
        }
        await db.Database.MigrateAsync(cancellationToken);
    }
}
