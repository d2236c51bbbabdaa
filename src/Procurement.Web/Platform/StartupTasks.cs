using System.Text;
using Procurement.Core.Catalog.Search;
using Procurement.Infrastructure.Jobs;
using Procurement.Infrastructure.Persistence;
using Procurement.Infrastructure.Seeding;
using Procurement.Infrastructure.Users;

namespace Procurement.Web.Platform;

/// <summary>What runs before the app takes requests: migrations, roles and the bootstrap admin, the demo data.</summary>
public static class StartupTasks
{
    public static async Task PrepareAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateSystemScope();
        var services = scope.ServiceProvider;
        var cancellationToken = app.Lifetime.ApplicationStopping;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        app.Logger.LogInformation("Database ready in {Elapsed} ms", clock.ElapsedMilliseconds);
        // A database from before the ledger: its money is posted as the books' opening entries, once.
        await services.GetRequiredService<Infrastructure.Persistence.Ledger.LedgerOpening>().PostIfNeededAsync(cancellationToken);
        // Orders paid before invoices existed owe theirs too (#22), once.
        await services.GetRequiredService<Infrastructure.Persistence.Paperwork.InvoiceOpening>().OweIfNeededAsync(cancellationToken);
        var seedDemo = app.Configuration.GetValue<bool?>("Seed:Demo") ?? app.Environment.IsDevelopment();
        if (seedDemo && app.Environment.IsProduction())
        {
            // The demo accounts' passwords are printed in the README: a production site with them is open to anyone.
            if (!app.Configuration.GetValue("Seed:AllowDemoInProduction", false))
            {
                throw new InvalidOperationException(
                    "Seed:Demo would create accounts with the public demo passwords in Production. Unset Seed:Demo, or set Seed:AllowDemoInProduction=true for a throw-away demo site.");
            }
            app.Logger.LogWarning("Demo data with public passwords is being loaded in Production (Seed:AllowDemoInProduction=true)");
        }
        await services.GetRequiredService<IdentityBootstrap>().RunAsync(cancellationToken);

        // In sequence on purpose: SQLite has one writer, and parallel seeding only made the writers wait for each other.
        clock.Restart();
        var seeder = services.GetRequiredService<DemoSeeder>();
        if (seedDemo && await seeder.SeedCatalogAsync(cancellationToken))
        {
            await seeder.SeedUsersAsync(cancellationToken);
            await services.GetRequiredService<DemoReconciliation>().SeedAsync(cancellationToken);
        }
        await EnsureSearchAsync(app, services, cancellationToken);
        RecurringJobs.Register(services);
        app.Logger.LogInformation("Accounts, demo data, search index and jobs ready in {Elapsed} ms", clock.ElapsedMilliseconds);
        if (seedDemo)
        {
            PrintDemoLogins(app);
        }
    }

    /// <summary>
    /// Builds the index when it is empty. A search cluster that is not up yet must not stop the app: it starts
    /// anyway (search answers with errors and <c>/health/ready</c> says why), and the build is retried in the
    /// background with backoff until the cluster answers.
    /// </summary>
    private static async Task EnsureSearchAsync(WebApplication app, IServiceProvider services, CancellationToken cancellationToken)
    {
        try
        {
            await services.GetRequiredService<CatalogReindex>().EnsureBuiltAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            app.Logger.LogWarning(exception, "The search index is not reachable at start-up; starting anyway and retrying in the background");
            _ = Task.Run(() => RetryEnsureSearchAsync(app, cancellationToken), CancellationToken.None);
        }
    }

    private static async Task RetryEnsureSearchAsync(WebApplication app, CancellationToken cancellationToken)
    {
        for (var attempt = 1; !cancellationToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await Task.Delay(CatalogIndexSync.Backoff(attempt), cancellationToken);
                await using var scope = app.Services.CreateSystemScope();
                await scope.ServiceProvider.GetRequiredService<CatalogReindex>().EnsureBuiltAsync(cancellationToken);
                app.Logger.LogInformation("The search index is reachable again (attempt {Attempt})", attempt);
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception exception)
            {
                app.Logger.LogWarning("The search index is still not reachable (attempt {Attempt}): {Reason}", attempt, exception.Message);
            }
        }
    }

    private static void PrintDemoLogins(WebApplication app)
    {
        var text = new StringBuilder();
        text.AppendLine().AppendLine("  陇品汇 demo logins (演示账号)");
        foreach (var login in DemoSeeder.Logins)
        {
            text.AppendLine($"    {login.Role,-10} {login.Email,-32} {login.Password}   {login.Note}");
        }
        app.Logger.LogInformation("{DemoLogins}", text.ToString());
    }
}
