using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Procurement.IntegrationTests.Unions;

public sealed class UnionAdminApiTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    private static object Union(string uscc, Guid? parentId = null, string name = "江苏省总工会", object[]? budgets = null) => new
    {
        name,
        uscc,
        provinceCode = "320000",
        parentId,
        memberCount = 12_500_000,
        annualCapPerMember = 1800.00m,
        approvalThreshold = 100_000m,
        budgets = budgets ?? [new { year = 2026, amount = 200_000_000m }],
    };

    private static async Task<Guid> IdOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task Admin_builds_a_union_tree_with_budgets()
    {
        var client = await app.AdminClientAsync();
        var province = await IdOf(await client.PostAsJsonAsync("/api/v1/admin/unions", Union(TestUscc.Next())));
        var city = await IdOf(await client.PostAsJsonAsync("/api/v1/admin/unions", Union(TestUscc.Next(), province, "南京市总工会",
            [new { year = 2025, amount = 28_000_000m }, new { year = 2026, amount = 30_000_000.50m }])));

        var read = await client.GetFromJsonAsync<JsonElement>($"/api/v1/admin/unions/{city}");
        Assert.Equal("江苏省总工会", read.GetProperty("parentName").GetString());
        Assert.Equal(30_000_000.50m, read.GetProperty("budgets")[1].GetProperty("amount").GetDecimal());
        Assert.Equal(1800.00m, read.GetProperty("annualCapPerMember").GetDecimal());
    }

    [Fact]
    public async Task A_union_cannot_be_moved_below_its_own_descendant()
    {
        var client = await app.AdminClientAsync();
        var usccTop = TestUscc.Next();
        var top = await IdOf(await client.PostAsJsonAsync("/api/v1/admin/unions", Union(usccTop)));
        var child = await IdOf(await client.PostAsJsonAsync("/api/v1/admin/unions", Union(TestUscc.Next(), top, "苏州市总工会")));
        var response = await client.PutAsJsonAsync($"/api/v1/admin/unions/{top}", Union(usccTop, child));
        await response.IsValidationProblemAsync("parentId");
    }

    [Fact]
    public async Task Bad_values_are_named_including_budget_rows()
    {
        var client = await app.AdminClientAsync();
        var response = await client.PostAsJsonAsync("/api/v1/admin/unions", new
        {
            name = "",
            uscc = "123",
            provinceCode = "320100",
            memberCount = 0,
            annualCapPerMember = 1800.123m,
            budgets = new[] { new { year = 2026, amount = -5m } },
        });
        await response.IsValidationProblemAsync("name", "uscc", "provinceCode", "memberCount", "annualCapPerMember", "budgets[0].amount");
    }

    [Fact]
    public async Task A_missing_parent_is_a_validation_error()
    {
        var client = await app.AdminClientAsync();
        var response = await client.PostAsJsonAsync("/api/v1/admin/unions", Union(TestUscc.Next(), Guid.NewGuid()));
        await response.IsValidationProblemAsync("parentId");
    }
}
