using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Procurement.Core.Catalog.Search;
using Procurement.Infrastructure.Persistence.Catalog;
using Procurement.Infrastructure.Search.Elasticsearch;
using Procurement.Infrastructure.Search.Lucene;
using Procurement.Infrastructure.Users;

namespace Procurement.Infrastructure.Search;

public static class SearchSetup
{
    public static IServiceCollection AddSearch(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var provider = configuration["Search:Provider"] is { Length: > 0 } configured ? configured : "Lucene";
        if (provider.Equals("Elasticsearch", StringComparison.OrdinalIgnoreCase))
        {
            services.AddElasticsearchCatalog(configuration);
        }
        else if (provider.Equals("Lucene", StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton(sp => new LuceneIndexHolder(Path.Combine(dataDirectory, "search-index"), sp.GetRequiredService<ILogger<LuceneIndexHolder>>(), sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<ICatalogIndex, LuceneCatalogIndex>();
            services.AddSingleton<ICatalogSearch, LuceneCatalogSearch>();
        }
        else
        {
            // Refuse loudly rather than serve a catalog that silently is not the one configured.
            throw new InvalidOperationException($"Search:Provider={provider} is unknown; use Lucene (the default) or Elasticsearch.");
        }

        services.AddScoped<ICatalogDocuments, CatalogDocuments>();
        services.AddScoped<ICatalogOutbox, CatalogOutbox>();
        services.AddScoped<ILeases, Leases>();
        services.AddScoped<CatalogIndexSync>();
        services.AddScoped<CatalogReindex>();
        services.AddScoped<CatalogIndexSyncJob>();
        services.AddScoped<CatalogReindexJob>();
        services.AddSingleton<ICatalogReindexScheduler, HangfireReindexScheduler>();
        services.AddHostedService<CatalogIndexWorker>();
        services.AddHealthChecks().AddCheck<SearchIndexHealthCheck>("search", tags: ["ready"]);
        return services;
    }
}

/// <summary>
/// Drains the search outbox as soon as a save or transaction in this process commits (<see cref="CatalogOutboxSignal"/>),
/// and every 250 ms besides for changes made elsewhere, so a change is searchable within about a second.
/// The Hangfire job <c>catalog-index-sync</c> does the same every minute as a safety net.
/// </summary>
public sealed class CatalogIndexWorker(IServiceScopeFactory scopes, CatalogOutboxSignal committed, ILogger<CatalogIndexWorker> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await committed.WaitAsync(Interval, stoppingToken);
                await using var scope = scopes.CreateSystemScope();
                await scope.ServiceProvider.GetRequiredService<CatalogIndexSync>().DrainAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Search index sync failed; retrying");
                await Task.Delay(Interval, stoppingToken);
            }
        }
    }
}

public sealed class CatalogIndexSyncJob(CatalogIndexSync sync)
{
    [DisableConcurrentExecution(60)]
    public Task RunAsync(CancellationToken cancellationToken) => sync.DrainAsync(cancellationToken);
}

public sealed class CatalogReindexJob(CatalogReindex reindex)
{
    [DisableConcurrentExecution(3600)]
    [AutomaticRetry(Attempts = 1)]
    public Task<int> RunAsync(CancellationToken cancellationToken) => reindex.RunAsync(cancellationToken);
}

public sealed class HangfireReindexScheduler(IBackgroundJobClient jobs) : ICatalogReindexScheduler
{
    public string Enqueue() => jobs.Enqueue<CatalogReindexJob>(job => job.RunAsync(CancellationToken.None));
}

/// <summary>
/// Ready only when the live index can be read; Degraded (still serving, but behind) when the outbox holds a change
/// older than <see cref="MaxLag"/> or products are set aside as dead letters, with the reason in the description.
/// </summary>
public sealed class SearchIndexHealthCheck(ICatalogIndex index, ICatalogOutbox outbox, TimeProvider clock) : IHealthCheck
{
    public static readonly TimeSpan MaxLag = TimeSpan.FromSeconds(30);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        long count;
        try
        {
            count = await index.CountAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The search index cannot be read: {exception.Message}", exception);
        }
        var problems = new List<string>();
        if (await outbox.OldestAsync(cancellationToken) is { } oldest && clock.GetUtcNow() - oldest > MaxLag)
        {
            problems.Add($"search is {(int)(clock.GetUtcNow() - oldest).TotalSeconds} s behind ({await outbox.CountAsync(cancellationToken)} changes waiting)");
        }
        if ((await outbox.DeadLettersAsync(1, cancellationToken)).Count > 0)
        {
            problems.Add("some products are set aside after failing to index (GET /api/v1/admin/search/status)");
        }
        return problems.Count == 0
            ? HealthCheckResult.Healthy($"{count} documents")
            : HealthCheckResult.Degraded($"{count} documents; {string.Join("; ", problems)}");
    }
}
