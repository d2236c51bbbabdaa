using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Procurement.IntegrationTests.Suppliers;

public sealed class SupplierAdminApiTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    private static object Supplier(string uscc, string name = "岷县当归种植专业合作社", string county = "621126", string phone = "13909320031") =>
        new { name, uscc, countyCode = county, contactName = "后永强", contactPhone = phone };

    [Fact]
    public async Task Admin_creates_reads_and_updates_a_supplier()
    {
        var client = await app.AdminClientAsync();
        var uscc = TestUscc.Next();
        var created = await client.PostAsJsonAsync("/api/v1/admin/suppliers", Supplier(uscc));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/admin/suppliers/{id}", created.Headers.Location?.OriginalString);

        var read = await client.GetFromJsonAsync<JsonElement>($"/api/v1/admin/suppliers/{id}");
        Assert.Equal(("岷县", "621100", "定西市"), (read.GetProperty("countyName").GetString(), read.GetProperty("cityCode").GetString(), read.GetProperty("cityName").GetString()));

        var updated = await client.PutAsJsonAsync($"/api/v1/admin/suppliers/{id}", Supplier(uscc, name: "岷县当归产业合作社"));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("岷县当归产业合作社", (await updated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Every_bad_field_is_reported_at_once_and_nothing_is_written()
    {
        var client = await app.AdminClientAsync();
        var before = (await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/suppliers")).GetProperty("total").GetInt32();
        var response = await client.PostAsJsonAsync("/api/v1/admin/suppliers",
            new { name = "", uscc = "91350100M000100Y44", countyCode = "320102", contactName = "", contactPhone = "12345" });
        await response.IsValidationProblemAsync("name", "uscc", "countyCode", "contactName", "contactPhone");
        var after = (await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/suppliers")).GetProperty("total").GetInt32();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task A_registered_uscc_cannot_be_registered_twice()
    {
        var client = await app.AdminClientAsync();
        var uscc = TestUscc.Next();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/admin/suppliers", Supplier(uscc))).StatusCode);
        var again = await client.PostAsJsonAsync("/api/v1/admin/suppliers", Supplier(uscc, name: "另一家合作社"));
        await again.IsValidationProblemAsync("uscc");
    }

    [Fact]
    public async Task Messages_are_chinese_by_default_and_english_on_request()
    {
        var zh = await app.AdminClientAsync();
        var zhBody = await (await zh.PostAsJsonAsync("/api/v1/admin/suppliers", Supplier("bad"))).IsValidationProblemAsync("uscc");
        Assert.Contains("统一社会信用代码", zhBody.GetProperty("errors").GetProperty("uscc")[0].GetString());
        Assert.Equal("请求数据有误", zhBody.GetProperty("title").GetString());

        var en = await app.AdminClientAsync("en");
        var enBody = await (await en.PostAsJsonAsync("/api/v1/admin/suppliers", Supplier("bad"))).IsValidationProblemAsync("uscc");
        Assert.Contains("unified social credit code", enBody.GetProperty("errors").GetProperty("uscc")[0].GetString());
        Assert.Equal("The request is invalid", enBody.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Lists_page_and_filter()
    {
        var client = await app.AdminClientAsync();
        for (var i = 0; i < 3; i++)
        {
            await client.PostAsJsonAsync("/api/v1/admin/suppliers", Supplier(TestUscc.Next(), name: $"翻页测试合作社{i}"));
        }
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/suppliers?q=翻页测试&page=2&pageSize=2");
        Assert.Equal((3, 2, 2, 1), (page.GetProperty("total").GetInt32(), page.GetProperty("page").GetInt32(),
            page.GetProperty("pageSize").GetInt32(), page.GetProperty("items").GetArrayLength()));
    }

    [Theory]
    [InlineData("?pageSize=0", "pageSize")]
    [InlineData("?pageSize=101", "pageSize")]
    [InlineData("?page=0", "page")]
    public async Task Bad_paging_names_the_parameter(string query, string field)
    {
        var client = await app.AdminClientAsync();
        await (await client.GetAsync($"/api/v1/admin/suppliers{query}")).IsValidationProblemAsync(field);
    }

    [Fact]
    public async Task Unknown_ids_answer_404_problem()
    {
        var client = await app.AdminClientAsync();
        await (await client.GetAsync($"/api/v1/admin/suppliers/{Guid.NewGuid()}")).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await client.PutAsJsonAsync($"/api/v1/admin/suppliers/{Guid.NewGuid()}", Supplier(TestUscc.Next())))
            .IsProblemAsync(HttpStatusCode.NotFound, "not-found");
    }
}
