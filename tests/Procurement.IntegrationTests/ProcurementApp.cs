using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Suppliers;
using Procurement.Core.Unions;
using Procurement.Core.Users;
using Procurement.Infrastructure.Users;

namespace Procurement.IntegrationTests;

/// <summary>
/// The real app over a real SQLite file in a fresh temp folder, jobs in memory. Each test class gets its own
/// database, so no test counts another's rows. With <c>SQLSERVER_CONNECTION</c> set, the same tests run against
/// SQL Server instead, each class on a database of its own that is dropped afterwards.
/// </summary>
public class ProcurementApp : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@test.example.cn";
    public const string AdminPassword = "Admin2026pass";

    /// <summary>Most tests own all their data; the demo-data tests load the demo catalog.</summary>
    protected virtual bool SeedDemo => false;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "procurement-tests", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Jobs:Storage", "InMemory");
        builder.UseSetting("Seed:Demo", SeedDemo ? "true" : "false");
        builder.UseSetting("Bootstrap:AdminEmail", AdminEmail);
        builder.UseSetting("Bootstrap:AdminPassword", AdminPassword);
        // Every test request comes from one address and the suite signs in hundreds of times: the test host raises the
        // limits (RateLimitTests checks the mechanism with small ones).
        builder.UseSetting("RateLimits:AuthPerIpPerMinute", "100000");
        builder.UseSetting("RateLimits:LoginPerAccountPerMinute", "100000");
        builder.UseSetting("RateLimits:SearchPerIpPerMinute", "100000");
        builder.UseSetting("RateLimits:GiftPerIpPerMinute", "100000");
        builder.UseSetting("Payments:BankTransfer:AccountName", "陇品汇测试收款账户");
        builder.UseSetting("Payments:BankTransfer:BankName", "测试银行兰州分行");
        builder.UseSetting("Payments:BankTransfer:AccountNumber", "6228000000000000001");
        if (SqlServerConnection is { } connection)
        {
            builder.UseSetting("Database:Provider", "SqlServer");
            builder.UseSetting("ConnectionStrings:Procurement", connection);
        }
    }

    /// <summary>The opt-in SQL Server database for this fixture, or null on the default SQLite run.</summary>
    public string? SqlServerConnection { get; } = Environment.GetEnvironmentVariable("SQLSERVER_CONNECTION") is { Length: > 0 } server
        ? new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(server) { InitialCatalog = $"procurement_test_{Guid.NewGuid():N}" }.ToString()
        : null;

    public async Task<HttpClient> SignedInClientAsync(string email, string password, string? language = null)
    {
        var client = CreateClient();
        if (language is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        }
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenBody>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    public Task<HttpClient> AdminClientAsync(string? language = null) => SignedInClientAsync(AdminEmail, AdminPassword, language);

    /// <summary>Runs a use case inside the app's container as the system identity (as a job would), to arrange data quickly.</summary>
    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateSystemScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>Runs <paramref name="action"/> in a scope with no user and no system identity: what an anonymous caller's queries see.</summary>
    public async Task<T> AsAnonymousAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<Guid> CreateSupplierAsync(string uscc, string name = "成县核桃种植专业合作社") =>
        WithScopeAsync(async sp => (await sp.GetRequiredService<SupplierAdmin>().CreateAsync(new SupplierRequest
        {
            Name = name,
            Uscc = uscc,
            CountyCode = "621221",
            ContactName = "吕新民",
            ContactPhone = "13909390036",
        }, CancellationToken.None)).Value!.Id);

    public Task<Guid> CreateUnionAsync(string uscc, string name = "南京紫金软件有限公司工会", Guid? parentId = null) =>
        WithScopeAsync(async sp => (await sp.GetRequiredService<UnionAdmin>().CreateAsync(new UnionRequest
        {
            Name = name,
            Uscc = uscc,
            ProvinceCode = "320000",
            ParentId = parentId,
            MemberCount = 1200,
            AnnualCapPerMember = 1800m,
            Budgets = [new() { Year = 2026, Amount = 1_000_000m }],
        }, CancellationToken.None)).Value!.Id);

    public Task CreateUserAsync(string email, string password, string role, Guid? unionId = null, Guid? supplierId = null) =>
        WithScopeAsync(async sp =>
        {
            var result = await sp.GetRequiredService<UserAdmin>().CreateAsync(new UserRequest
            {
                Email = email,
                Password = password,
                DisplayName = "测试用户",
                Role = role,
                UnionId = unionId,
                SupplierId = supplierId,
            }, CancellationToken.None);
            Assert.True(result.Succeeded, result.Error?.Detail);
            return result.Value!;
        });

    public override async ValueTask DisposeAsync()
    {
        if (SqlServerConnection is not null)
        {
            await WithScopeAsync(sp => sp.GetRequiredService<Procurement.Infrastructure.Persistence.ProcurementDbContext>().Database.EnsureDeletedAsync());
        }
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A log file still flushing; the temp folder is cleaned by the OS eventually.
        }
    }

    private sealed record TokenBody(string TokenType, string AccessToken, long ExpiresIn, string RefreshToken);
}

/// <summary>Valid USCCs for test data, each different (check characters computed, not copied).</summary>
public static class TestUscc
{
    private static int _next = 1000;

    public static string Next()
    {
        var first17 = $"91620000MA{Interlocked.Increment(ref _next):D7}";
        return first17 + Procurement.Core.Common.Uscc.CheckCharacter(first17);
    }
}
