using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Users;
using Procurement.Infrastructure.Users;

namespace Procurement.IntegrationTests.Platform;

/// <summary>Start-up survives what production throws at it: a search cluster not up yet, and instances starting together.</summary>
public sealed class StartupResilienceTests
{
    /// <summary>The app pointed at an Elasticsearch that refuses connections (nothing listens on port 1).</summary>
    private sealed class ClusterDownApp : ProcurementApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Search:Provider", "Elasticsearch");
            builder.UseSetting("Search:Elasticsearch:Url", "http://127.0.0.1:1");
        }
    }

    [Fact]
    public async Task A_search_cluster_that_is_not_up_does_not_stop_the_app_and_ready_says_why()
    {
        await using var app = new ClusterDownApp();
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = await ready.Content.ReadFromJsonAsync<JsonElement>();
        var search = body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "search");
        Assert.Equal("Unhealthy", search.GetProperty("status").GetString());
        Assert.Contains("cannot be read", search.GetProperty("description").GetString());
        // Everything that does not need search works.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/catalog/categories")).StatusCode);
    }

    [Fact]
    public async Task Instances_bootstrapping_together_do_not_fail_on_roles_or_the_admin()
    {
        await using var app = new ProcurementApp();
        _ = app.Services;
        await app.WithScopeAsync(async sp =>
        {
            var roles = sp.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
            await roles.DeleteAsync((await roles.FindByNameAsync(Roles.Finance))!);
            return 0;
        });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bootstrap:AdminEmail"] = "ops@test.example.cn",
            ["Bootstrap:AdminPassword"] = "Operations2026pass",
        }).Build();

        async Task BootAsync()
        {
            await using var scope = app.Services.CreateSystemScope();
            await ActivatorUtilities.CreateInstance<IdentityBootstrap>(scope.ServiceProvider, (IConfiguration)configuration).RunAsync(CancellationToken.None);
        }
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(BootAsync)));

        await app.WithScopeAsync(async sp =>
        {
            Assert.True(await sp.GetRequiredService<RoleManager<IdentityRole<Guid>>>().RoleExistsAsync(Roles.Finance));
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            Assert.NotNull(await users.FindByEmailAsync("ops@test.example.cn"));
            return 0;
        });
    }
}
