using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Reporting;
using Procurement.Infrastructure.Persistence.Reporting;

namespace Procurement.Infrastructure.Reporting;

/// <summary>The federation's report (#23): its use cases, the aggregates' writer and reads, the export and the rebuild job.</summary>
public static class ReportingSetup
{
    public static IServiceCollection AddReporting(this IServiceCollection services)
    {
        services.AddScoped<IReportingBook, ReportingBook>();
        services.AddScoped<IReportingStore, ReportingStore>();
        services.AddSingleton<IReportSheets, ReportSheets>();
        services.AddSingleton<IReportRebuildScheduler, HangfireReportRebuildScheduler>();
        services.AddScoped<UnionReports>();
        services.AddScoped<UnionTargets>();
        services.AddScoped<PartnerBuyers>();
        services.AddScoped<ReportRebuild>();
        services.AddScoped<ReportRebuildJob>();
        return services;
    }
}

/// <summary>The on-demand <c>report-rebuild</c> job: every aggregate made again from the records, as the system.</summary>
public sealed class ReportRebuildJob(ReportRebuild rebuild)
{
    [DisableConcurrentExecution(3600)]
    [AutomaticRetry(Attempts = 1)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var result = await rebuild.RunAsync(cancellationToken);
        return result.Succeeded ? result.Value : throw new InvalidOperationException(result.Error!.Detail);
    }
}

public sealed class HangfireReportRebuildScheduler(IBackgroundJobClient jobs) : IReportRebuildScheduler
{
    public string Enqueue() => jobs.Enqueue<ReportRebuildJob>(job => job.RunAsync(CancellationToken.None));
}
