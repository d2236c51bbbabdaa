using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Procurement.Core.Common;
using Procurement.Infrastructure.Persistence;

namespace Procurement.Migrations.Sqlite;

/// <summary>How `dotnet ef` builds the context for Sqlite migrations, without starting the web app.</summary>
public sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<ProcurementDbContext>
{
    public ProcurementDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ProcurementDbContext>();
        PersistenceSetup.Configure(options, DatabaseProvider.Sqlite, "Data Source=design-time.db", Path.GetTempPath());
        return new ProcurementDbContext(options.Options, SystemUser.Instance, TimeProvider.System);
    }
}
