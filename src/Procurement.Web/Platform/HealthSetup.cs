using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Procurement.Infrastructure.Persistence;

namespace Procurement.Web.Platform;

/// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: database and job storage answer too.</summary>
public static class HealthSetup
{
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddDbContextCheck<ProcurementDbContext>("database", tags: ["ready"]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }
}
