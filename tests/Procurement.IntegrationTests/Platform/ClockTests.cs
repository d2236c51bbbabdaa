using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Catalog;
using Procurement.Core.Catalog.Search;
using Procurement.IntegrationTests.Catalog.Listings;

namespace Procurement.IntegrationTests.Platform;

/// <summary>A clock the test moves: the app's one <see cref="TimeProvider"/>.</summary>
public sealed class MovableClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>The app with its clock in the test's hand.</summary>
public sealed class ClockedApp : ProcurementApp
{
    public MovableClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>One clock and one business date: the product page and search agree on the certified badge at any hour.</summary>
public sealed class ClockTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    [Theory]
    // 23:30 on the last valid day, Beijing time (15:30 UTC): still certified.
    [InlineData("2026-12-31T15:30:00Z", true)]
    // 00:30 the next day in Beijing, still the 31st in UTC: the certificate has ended in China.
    [InlineData("2026-12-31T16:30:00Z", false)]
    public async Task The_certified_badge_follows_the_Beijing_date_on_the_product_page_and_in_search(string utc, bool certified)
    {
        app.Clock.Now = DateTimeOffset.UtcNow;
        var supplier = await SupplierScenario.CreateAsync(app, "岷县当归种植专业合作社");
        var body = SupplierScenario.Product("岷县当归", SupplierScenario.Code());
        body["certificate"] = new { number = "GS-XF-2026-0101", issuer = "甘肃省消费帮扶产品认定中心", validFrom = "2026-01-01", validTo = "2026-12-31" };
        var productId = (await supplier.CreateAsync(body)).GetProperty("id").GetGuid();
        await supplier.PostAsync($"/api/v1/supplier/products/{productId}/submit");
        var admin = await app.AdminClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/admin/products/{productId}/approve", null)).StatusCode);

        app.Clock.Now = DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);
        var (page, search) = await app.WithScopeAsync(async sp =>
        {
            var detail = await sp.GetRequiredService<IProductCards>().DetailAsync(productId, CancellationToken.None);
            var documents = await sp.GetRequiredService<ICatalogDocuments>().FindAsync([productId], CancellationToken.None);
            return (detail!.Certified, documents.Single().Certified);
        });

        Assert.Equal(certified, page);
        Assert.Equal(certified, search);
    }

    [Theory]
    [InlineData("2026-12-31T15:30:00Z", 2026, 12, 31)]
    [InlineData("2026-12-31T16:30:00Z", 2027, 1, 1)]
    public void The_business_date_is_Beijings(string utc, int year, int month, int day)
    {
        app.Clock.Now = DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(new DateOnly(year, month, day), Core.Common.BusinessDate.Today(app.Clock));
        Assert.Equal(year, Core.Common.BusinessDate.Year(app.Clock));
        Assert.Equal(app.Clock.Now, Core.Common.BusinessDate.StartOf(new DateOnly(year, month, day)).AddHours(utc.Contains("15:30") ? 23.5 : 0.5));
    }
}

/// <summary>Refreshing keeps a session going for at most 30 days from its sign-in; expired tokens are purged.</summary>
public sealed class RefreshLifetimeTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private sealed record Tokens(string AccessToken, string RefreshToken);

    [Fact]
    public async Task A_session_ends_thirty_days_after_sign_in_however_often_it_is_refreshed()
    {
        var start = DateTimeOffset.UtcNow;
        app.Clock.Now = start;
        var client = app.CreateClient();
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = ProcurementApp.AdminEmail, password = ProcurementApp.AdminPassword });
        var tokens = (await login.Content.ReadFromJsonAsync<Tokens>())!;

        async Task<HttpResponseMessage> RefreshAt(TimeSpan after)
        {
            app.Clock.Now = start + after;
            var response = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken });
            if (response.IsSuccessStatusCode)
            {
                tokens = (await response.Content.ReadFromJsonAsync<Tokens>())!;
            }
            return response;
        }

        Assert.Equal(HttpStatusCode.OK, (await RefreshAt(TimeSpan.FromDays(13))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAt(TimeSpan.FromDays(26))).StatusCode);
        await (await RefreshAt(TimeSpan.FromDays(30.5))).IsProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");

        var purged = await app.WithScopeAsync(sp => sp.GetRequiredService<Infrastructure.Users.TokenIssuer>().PurgeExpiredAsync(CancellationToken.None));
        Assert.True(purged >= 3, $"{purged} purged");
    }
}
