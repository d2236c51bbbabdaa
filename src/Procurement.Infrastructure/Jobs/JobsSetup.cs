using Hangfire;
using Hangfire.InMemory;
using Hangfire.SqlServer;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Procurement.Infrastructure.Persistence;

namespace Procurement.Infrastructure.Jobs;

public enum JobStorageKind
{
    Sqlite,
    SqlServer,
    InMemory,
}

public static class JobsSetup
{
    /// <summary><c>Jobs:Storage</c>, defaulting to the database provider's kind so one switch moves both.</summary>
    public static JobStorageKind StorageKind(IConfiguration configuration) =>
        configuration["Jobs:Storage"] is { Length: > 0 } configured
            ? Enum.Parse<JobStorageKind>(configured, ignoreCase: true)
            : configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite) == DatabaseProvider.SqlServer
                ? JobStorageKind.SqlServer
                : JobStorageKind.Sqlite;

    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var kind = StorageKind(configuration);
        services.AddHangfire(hangfire =>
        {
            hangfire.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            switch (kind)
            {
                case JobStorageKind.SqlServer:
                    hangfire.UseSqlServerStorage(
                        configuration["Jobs:ConnectionString"] ?? configuration.GetConnectionString("Procurement"),
                        new SqlServerStorageOptions { PrepareSchemaIfNecessary = true, QueuePollInterval = TimeSpan.FromSeconds(1) });
                    break;
                case JobStorageKind.InMemory:
                    hangfire.UseInMemoryStorage(new InMemoryStorageOptions());
                    break;
                default:
                    hangfire.UseSQLiteStorage(Path.Combine(dataDirectory, "hangfire.db"), new SQLiteStorageOptions
                    {
                        QueuePollInterval = TimeSpan.FromSeconds(1),
                    });
                    break;
            }
        });
        services.AddHangfireServer((provider, server) =>
        {
            server.Activator = new SystemJobActivator(provider.GetRequiredService<IServiceScopeFactory>());
            // Two cores: jobs share them with the web, so a handful of workers is plenty.
            server.WorkerCount = Math.Max(2, Environment.ProcessorCount);
            server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
        });
        services.AddHealthChecks().AddCheck<JobStorageHealthCheck>("jobs", tags: ["ready"]);
        return services;
    }
}

/// <summary>Ready only when Hangfire's storage answers.</summary>
public sealed class JobStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var connection = storage.GetConnection();
            connection.GetAllItemsFromSet("recurring-jobs");
            return Task.FromResult(HealthCheckResult.Healthy());
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Job storage does not answer.", exception));
        }
    }
}
