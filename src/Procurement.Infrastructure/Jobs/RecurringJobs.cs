using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Infrastructure.Search;

namespace Procurement.Infrastructure.Jobs;

/// <summary>The recurring jobs of DESIGN.md's job table, registered (or updated) at start-up.</summary>
public static class RecurringJobs
{
    public static void Register(IServiceProvider services)
    {
        var jobs = services.GetRequiredService<IRecurringJobManager>();
        // The continuous worker drains the search outbox; this catches anything it missed (a crash mid-batch).
        jobs.AddOrUpdate<CatalogIndexSyncJob>("catalog-index-sync", job => job.RunAsync(CancellationToken.None), Cron.Minutely());
    }
}
