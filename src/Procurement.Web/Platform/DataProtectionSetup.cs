using Microsoft.AspNetCore.DataProtection;
using Procurement.Infrastructure.Persistence;

namespace Procurement.Web.Platform;

public static class DataProtectionSetup
{
    /// <summary>Keys in the database, so cookies and bearer tokens stay valid across restarts and across web instances.</summary>
    public static IServiceCollection AddDataProtectionKeys(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("Procurement").PersistKeysToDbContext<ProcurementDbContext>();
        return services;
    }
}
