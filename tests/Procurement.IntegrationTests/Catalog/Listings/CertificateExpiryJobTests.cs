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

/// <summary>The supplier dashboard's figures through the API, on the real database.</summary>
public sealed class SupplierOverviewTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    [Fact]
    public async Task The_overview_counts_statuses_flags_low_stock_and_ending_certificates()
    {
        var supplier = await SupplierScenario.CreateAsync(app);
        var body = SupplierScenario.Product("陇西黄芪", SupplierScenario.Code());
        var ends = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(5);
        body["certificate"] = new { number = "GS-XF-2026-0777", issuer = "甘肃省消费帮扶产品认定中心", validFrom = "2025-01-01", validTo = ends.ToString("yyyy-MM-dd") };
        var product = await supplier.CreateAsync(body);
        var skuId = product.GetProperty("skus")[0].GetProperty("id").GetGuid();
        await supplier.Client.PutAsJsonAsync($"/api/v1/supplier/skus/{skuId}/stock", new { stock = 3 });
        await supplier.CreateAsync(SupplierScenario.Product("渭源党参", SupplierScenario.Code()));

        var overview = await supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/overview");

        Assert.Equal(2, overview.GetProperty("byStatus").GetProperty("Draft").GetInt32());
        var low = Assert.Single(overview.GetProperty("lowStock").EnumerateArray());
        Assert.Equal(("陇西黄芪", 3), (low.GetProperty("productName").GetString(), low.GetProperty("available").GetInt32()));
        var certificate = Assert.Single(overview.GetProperty("certificates").EnumerateArray());
        Assert.Equal("GS-XF-2026-0777", certificate.GetProperty("number").GetString());
    }
}
