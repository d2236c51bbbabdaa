using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Procurement.Core.Partners;

namespace Procurement.Infrastructure.Partners;

public static class PartnersSetup
{
    /// <summary>Statement files and sheets, the reconciliation queue and jobs, and JSGH's statement client with retries and backoff.</summary>
    public static IServiceCollection AddPartnerFiles(this IServiceCollection services, IConfiguration configuration)
    {
        var pull = configuration.GetSection("Partners:Pull").Get<StatementPullOptions>() ?? new StatementPullOptions();
        services.AddSingleton(pull);
        services.AddSingleton<IStatementFiles, StatementFiles>();
        services.AddSingleton<IReconciliationSheets, ReconciliationSheets>();
        services.AddSingleton<IReconciliationQueue, HangfireReconciliationQueue>();
        services.AddScoped<PartnerReconcileJob>();
        services.AddScoped<PartnerReconcileDailyJob>();
        services.AddScoped<PartnerStatementPullJob>();
        services.AddHttpClient<JsghStatementClient>()
            .AddResilienceHandler("jsgh-statements", pipeline =>
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = pull.MaxRetries,
                    Delay = pull.RetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                });
                pipeline.AddTimeout(pull.AttemptTimeout);
            });
        return services;
    }
}
