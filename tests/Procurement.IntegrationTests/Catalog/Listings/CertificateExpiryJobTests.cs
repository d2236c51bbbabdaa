using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Infrastructure.Jobs;

namespace Procurement.IntegrationTests.Catalog.Listings;

/// <summary>The daily job on the real database: a certificate ending within 30 days reaches the supplier's notices, once.</summary>
public sealed class CertificateExpiryJobTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    [Fact]
    public async Task A_certificate_ending_soon_is_announced_to_its_supplier_once()
    {
        var supplier = await SupplierScenario.CreateAsync(app);
        var body = SupplierScenario.Product("陇西黄芪", SupplierScenario.Code());
        var ends = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(12);
        body["certificate"] = new { number = "GS-XF-2026-0123", issuer = "甘肃省消费帮扶产品认定中心", validFrom = "2025-01-01", validTo = ends.ToString("yyyy-MM-dd") };
        await supplier.CreateAsync(body);

        for (var run = 0; run < 2; run++)
        {
            await app.WithScopeAsync(async sp =>
            {
                await sp.GetRequiredService<CertificateExpiryJob>().RunAsync(CancellationToken.None);
                return 0;
            });
        }

        var notices = await supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/notices");
        var notice = Assert.Single(notices.GetProperty("items").EnumerateArray());
        Assert.Equal("CertificateExpiring", notice.GetProperty("kind").GetString());
        Assert.Contains(ends.ToString("yyyy-MM-dd"), notice.GetProperty("message").GetString());
    }
}
