using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Procurement.Core.Common;
using Procurement.Infrastructure.Persistence;

namespace Procurement.Migrations.SqlServer;

/// <summary>How `dotnet ef` builds the context for SqlServer migrations, without starting the web app.</summary>
public sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<ProcurementDbContext>
{
    public ProcurementDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ProcurementDbContext>();
        PersistenceSetup.Configure(options, DatabaseProvider.SqlServer, "Server=localhost;Database=Procurement;Trusted_Connection=True;TrustServerCertificate=True", Path.GetTempPath());
        return new ProcurementDbContext(options.Options, SystemUser.Instance, TimeProvider.System);
    }
}
