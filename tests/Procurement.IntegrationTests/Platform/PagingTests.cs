using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Procurement.IntegrationTests.Ordering;

namespace Procurement.IntegrationTests.Platform;

/// <summary>Every list pages one way: out-of-range or non-numeric paging answers 400 naming the field, never a clamped page.</summary>
public sealed class PagingTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    [Fact]
    public async Task Every_paged_list_refuses_bad_paging_the_same_way_and_serves_good_paging()
    {
        var s = await OrderingScenario.CreateAsync(app);
        var finance = await s.FinanceAsync();
        var admin = await app.AdminClientAsync();
        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var lists = document.GetProperty("paths").EnumerateObject()
            .Where(p => !p.Name.Contains('{', StringComparison.Ordinal) && p.Value.TryGetProperty("get", out var get) && get.TryGetProperty("parameters", out var ps)
                && ps.EnumerateArray().Any(x => x.GetProperty("name").GetString() == "pageSize"))
            .Select(p => p.Name).ToList();
        Assert.True(lists.Count >= 10, string.Join(", ", lists));
        var failures = new List<string>();
        foreach (var path in lists)
        {
            var client = path.Contains("/finance/", StringComparison.Ordinal) || path.Contains("/settlements", StringComparison.Ordinal) ? finance
                : path.Contains("/admin/", StringComparison.Ordinal) ? admin
                : path.Contains("/supplier/", StringComparison.Ordinal) ? s.Supplier.Client
                : path.Contains("/catalog/", StringComparison.Ordinal) ? app.CreateClient()
                : s.Purchaser;
            foreach (var (query, field) in new[] { ("pageSize=500", "pageSize"), ("pageSize=0", "pageSize"), ("pageSize=abc", "pageSize"), ("page=0", "page"), ("page=-3", "page") })
            {
                var response = await client.GetAsync($"{path}?{query}");
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.BadRequest || !body.Contains($"\"{field}\"", StringComparison.Ordinal))
                {
                    failures.Add($"{path}?{query}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 120)]}");
                }
            }
            var good = await client.GetAsync($"{path}?page=1&pageSize=100");
            if (good.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"{path}?page=1&pageSize=100: {(int)good.StatusCode}");
            }
        }
        Assert.Empty(failures);
    }
}
