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
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var cancellationToken = app.Lifetime.ApplicationStopping;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        app.Logger.LogInformation("Database ready in {Elapsed} ms", clock.ElapsedMilliseconds);
        await services.GetRequiredService<IdentityBootstrap>().RunAsync(cancellationToken);

        var seedDemo = app.Configuration.GetValue<bool?>("Seed:Demo") ?? app.Environment.IsDevelopment();
        if (seedDemo)
        {
            clock.Restart();
            await services.GetRequiredService<DemoSeeder>().SeedAsync(cancellationToken);
            app.Logger.LogInformation("Demo data checked in {Elapsed} ms", clock.ElapsedMilliseconds);
            PrintDemoLogins(app);
        }

        clock.Restart();
        await services.GetRequiredService<CatalogReindex>().EnsureBuiltAsync(cancellationToken);
        app.Logger.LogInformation("Search index checked in {Elapsed} ms", clock.ElapsedMilliseconds);
        RecurringJobs.Register(services);
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
