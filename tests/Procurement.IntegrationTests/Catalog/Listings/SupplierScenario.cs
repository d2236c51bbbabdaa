using System.Net.Http.Json;
using System.Text.Json;
using Procurement.Core.Users;

namespace Procurement.IntegrationTests.Catalog.Listings;

/// <summary>A supplier with a signed-in API client, and a valid listing body to vary.</summary>
internal sealed record SupplierScenario(Guid SupplierId, HttpClient Client)
{
    public static async Task<SupplierScenario> CreateAsync(ProcurementApp app, string name = "成县核桃种植专业合作社")
    {
        var supplierId = await app.CreateSupplierAsync(TestUscc.Next(), name);
        var email = $"s{Guid.NewGuid():N}"[..12] + "@test.example.cn";
        await app.CreateUserAsync(email, "Supplier2026pass", Roles.Supplier, supplierId: supplierId);
        return new SupplierScenario(supplierId, await app.SignedInClientAsync(email, "Supplier2026pass"));
    }

    /// <summary>A valid create/edit body; <paramref name="codes"/> names its SKUs (unique per test).</summary>
    public static Dictionary<string, object?> Product(string name, params string[] codes) => new()
    {
        ["name"] = name,
        ["categoryCode"] = "nuts-dried",
        ["countyCode"] = "621221",
        ["description"] = "<p>成县<strong>纸皮核桃</strong>，壳薄仁满。</p>",
        ["certificate"] = new { number = "GS-XF-2026-0088", issuer = "甘肃省消费帮扶产品认定中心", validFrom = "2026-01-01", validTo = "2027-12-31" },
        ["skus"] = codes.Select((code, i) => new Dictionary<string, object?>
        {
            ["code"] = code,
            ["spec"] = i == 0 ? "1kg" : "2.5kg礼盒",
            ["price"] = i == 0 ? 36m : 88m,
            ["stock"] = 500,
            ["minOrderQuantity"] = 1,
            ["tierPrices"] = new[] { new { minQuantity = 50, price = i == 0 ? 33m : 82m }, new { minQuantity = 200, price = i == 0 ? 30m : 78m } },
        }).ToList(),
    };

    public async Task<JsonElement> CreateAsync(Dictionary<string, object?> body)
    {
        var response = await Client.PostAsJsonAsync("/api/v1/supplier/products", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> PostAsync(string path)
    {
        var response = await Client.PostAsync(path, null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static string Code() => $"HT-{Guid.NewGuid():N}"[..16].ToUpperInvariant();
}
