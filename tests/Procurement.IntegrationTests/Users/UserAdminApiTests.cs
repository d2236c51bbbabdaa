using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Procurement.Core.Users;

namespace Procurement.IntegrationTests.Users;

public sealed class UserAdminApiTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    [Fact]
    public async Task Admin_creates_a_purchaser_who_can_then_sign_in()
    {
        var unionId = await app.CreateUnionAsync(TestUscc.Next());
        var client = await app.AdminClientAsync();
        var response = await client.PostAsJsonAsync("/api/v1/admin/users", new
        {
            email = "wang@zijin.example.cn", password = "Caigou2026", displayName = "王采购", role = Roles.Purchaser, unionId,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var read = await client.GetFromJsonAsync<JsonElement>($"/api/v1/admin/users/{id}");
        Assert.Equal((Roles.Purchaser, "南京紫金软件有限公司工会"), (read.GetProperty("role").GetString(), read.GetProperty("unionName").GetString()));
        await app.SignedInClientAsync("wang@zijin.example.cn", "Caigou2026");
    }

    [Fact]
    public async Task Tenant_rules_and_password_strength_are_checked()
    {
        var client = await app.AdminClientAsync();
        var missingUnion = await client.PostAsJsonAsync("/api/v1/admin/users", new { email = "a@b.cn", password = "Caigou2026", displayName = "甲", role = Roles.Approver });
        await missingUnion.IsValidationProblemAsync("unionId");

        var unknownSupplier = await client.PostAsJsonAsync("/api/v1/admin/users",
            new { email = "s@b.cn", password = "Caigou2026", displayName = "乙", role = Roles.Supplier, supplierId = Guid.NewGuid() });
        await unknownSupplier.IsValidationProblemAsync("supplierId");

        var weak = await client.PostAsJsonAsync("/api/v1/admin/users", new { email = "w@b.cn", password = "alllowercase", displayName = "丙", role = Roles.Finance });
        await weak.IsValidationProblemAsync("password");
    }

    [Fact]
    public async Task An_email_is_used_once()
    {
        var client = await app.AdminClientAsync();
        var body = new { email = "twice@b.cn", password = "Finance2026", displayName = "丁", role = Roles.Finance };
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/admin/users", body)).StatusCode);
        await (await client.PostAsJsonAsync("/api/v1/admin/users", body)).IsValidationProblemAsync("email");
    }

    [Fact]
    public async Task Disabling_an_account_stops_its_sign_in()
    {
        await app.CreateUserAsync("leaver@b.cn", "Finance2026", Roles.Finance);
        var client = await app.AdminClientAsync();
        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/users?q=leaver");
        var id = list.GetProperty("items")[0].GetProperty("id").GetGuid();
        var put = await client.PutAsJsonAsync($"/api/v1/admin/users/{id}", new { displayName = "离职", role = Roles.Finance, disabled = true });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.True((await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("disabled").GetBoolean());
        var login = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = "leaver@b.cn", password = "Finance2026" });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }
}
