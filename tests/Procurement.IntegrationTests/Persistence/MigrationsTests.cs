using Microsoft.EntityFrameworkCore;
using Procurement.Core.Common;
using Procurement.Infrastructure.Persistence;

namespace Procurement.IntegrationTests.Persistence;

/// <summary>A model change without a migration for each provider fails here, not in production.</summary>
public class MigrationsTests
{
    private static ProcurementDbContext Context(DatabaseProvider provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<ProcurementDbContext>();
        PersistenceSetup.Configure(options, provider, connectionString, Path.GetTempPath());
        return new ProcurementDbContext(options.Options, SystemUser.Instance, TimeProvider.System);
    }

    [Fact]
    public void Sqlite_migrations_match_the_model()
    {
        using var db = Context(DatabaseProvider.Sqlite, "Data Source=:memory:");
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void SqlServer_migrations_match_the_model()
    {
        // Never connects: the check compares the compiled model with the last migration's snapshot.
        using var db = Context(DatabaseProvider.SqlServer, "Server=127.0.0.1;Database=none;User Id=x;Password=x;TrustServerCertificate=True");
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.NotEmpty(db.Database.GetMigrations());
    }
}
