using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Procurement.Web.Platform;

namespace Procurement.IntegrationTests.Platform;

/// <summary>The app with small limits, to watch them trip (the defaults are checked separately, and never raised by the app).</summary>
public sealed class SmallLimitsApp : ProcurementApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimits:AuthPerIpPerMinute", "8");
        builder.UseSetting("RateLimits:LoginPerAccountPerMinute", "3");
        builder.UseSetting("RateLimits:SearchPerIpPerMinute", "5");
    }
}

public sealed class RateLimitTests(SmallLimitsApp app) : IClassFixture<SmallLimitsApp>
{
    [Fact]
    public void The_defaults_are_sized_for_people_not_scripts()
    {
        var defaults = new RateLimitOptions();
        Assert.Equal((60, 10, 1200), (defaults.AuthPerIpPerMinute, defaults.LoginPerAccountPerMinute, defaults.SearchPerIpPerMinute));
    }

    [Fact]
    public async Task Sign_ins_for_one_account_past_its_limit_answer_429_with_retry_after()
    {
        var client = app.CreateClient();
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "guess@test.example.cn", password = $"wrong{i}" }));
        }

        Assert.All(answers.Take(3), a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        await answers[3].IsProblemAsync(HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.True(answers[3].Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task Search_from_one_address_past_its_limit_answers_429()
    {
        var client = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            statuses.Add((await client.GetAsync($"/api/v1/catalog/suggest?q=bai{i}")).StatusCode);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(HttpStatusCode.OK, statuses[0]);
    }
}

public sealed class SecurityHeadersTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/api/v1/catalog/categories")]
    public async Task Pages_and_api_answers_carry_the_security_headers(string path)
    {
        var response = await app.CreateClient().GetAsync(path);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
    }
}

/// <summary>Demo passwords are public: Production refuses to seed them unless told this is a throw-away demo.</summary>
public sealed class DemoSeedGuardTests
{
    private sealed class ProductionDemoApp : ProcurementApp
    {
        protected override bool SeedDemo => true;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(Environments.Production);
        }
    }

    [Fact]
    public async Task Production_with_demo_seed_does_not_start()
    {
        await using var app = new ProductionDemoApp();
        var refused = Assert.Throws<InvalidOperationException>(() => app.Services);
        Assert.Contains("Seed:AllowDemoInProduction", refused.Message);
    }
}

/// <summary>Sessions can be revoked: a disabled user's bearer token stops working at once on this instance.</summary>
public sealed class SessionRevocationTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    [Fact]
    public async Task Disabling_a_user_ends_their_bearer_token()
    {
        var supplierId = await app.CreateSupplierAsync(TestUscc.Next(), "宕昌黄芪专业合作社");
        await app.CreateUserAsync("revoked@test.example.cn", "Revoked2026pass", Core.Users.Roles.Supplier, supplierId: supplierId);
        var supplier = await app.SignedInClientAsync("revoked@test.example.cn", "Revoked2026pass");
        Assert.Equal(HttpStatusCode.OK, (await supplier.GetAsync("/api/v1/supplier/products")).StatusCode);

        var admin = await app.AdminClientAsync();
        var users = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/admin/users?q=revoked@test.example.cn");
        var id = users.GetProperty("items")[0].GetProperty("id").GetGuid();
        var disabled = await admin.PutAsJsonAsync($"/api/v1/admin/users/{id}", new
        {
            displayName = "测试用户",
            role = Core.Users.Roles.Supplier,
            supplierId,
            disabled = true,
        });
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);

        await (await supplier.GetAsync("/api/v1/supplier/products")).IsProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }
}
