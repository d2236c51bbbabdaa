using FluentValidation;
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
        var pull = configuration.Read<StatementPullOptions>("Partners:Pull", rules =>
        {
            rules.RuleFor(o => o.MaxRetries).InclusiveBetween(0, 10);
            rules.RuleFor(o => o.RetryDelay).GreaterThan(TimeSpan.Zero).LessThanOrEqualTo(TimeSpan.FromMinutes(5));
            rules.RuleFor(o => o.AttemptTimeout).GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)).LessThanOrEqualTo(TimeSpan.FromMinutes(10));
            rules.RuleFor(o => o.MaxPages).GreaterThan(0);
            rules.RuleFor(o => o.MaxPageBytes).InclusiveBetween(1024, StatementFormats.MaxBytes);
        });
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
