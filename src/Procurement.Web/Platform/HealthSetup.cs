using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Procurement.Infrastructure.Persistence;

namespace Procurement.Web.Platform;

/// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: database and job storage answer too; the books' open breaks make it Degraded.</summary>
public static class HealthSetup
{
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddDbContextCheck<ProcurementDbContext>("database", tags: ["ready"])
            // Degraded while the daily proof of the books has open breaks (docs/ledger.md).
            .AddCheck<Infrastructure.Persistence.Ledger.LedgerHealthCheck>("ledger", tags: ["ready"]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        // The answer says why: each check's status and description (a search index behind, a database that does not answer).
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = (context, report) => context.Response.WriteAsJsonAsync(new
            {
                status = report.Status.ToString(),
                checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
            }),
        });
        return app;
    }
}
