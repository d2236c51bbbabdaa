using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Procurement.IntegrationTests.Auth;

public sealed class AuthenticationTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    private async Task<JsonElement> LoginAsync(string email, string password)
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task Login_answers_the_contract_token_shape()
    {
        var token = await LoginAsync(ProcurementApp.AdminEmail, ProcurementApp.AdminPassword);
        Assert.Equal("Bearer", token.GetProperty("tokenType").GetString());
        Assert.False(string.IsNullOrEmpty(token.GetProperty("accessToken").GetString()));
        Assert.Equal(3600, token.GetProperty("expiresIn").GetInt64());
        Assert.False(string.IsNullOrEmpty(token.GetProperty("refreshToken").GetString()));
    }

    [Fact]
    public async Task Wrong_password_answers_401_problem()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = ProcurementApp.AdminEmail, password = "nope-nope" });
        await response.IsProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Refresh_issues_a_new_pair_and_the_old_refresh_token_stops_working()
    {
        var first = await LoginAsync(ProcurementApp.AdminEmail, ProcurementApp.AdminPassword);
        var client = app.CreateClient();
        var oldRefresh = first.GetProperty("refreshToken").GetString();

        var refreshed = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = oldRefresh });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var second = JsonDocument.Parse(await refreshed.Content.ReadAsStringAsync()).RootElement;
        Assert.NotEqual(oldRefresh, second.GetProperty("refreshToken").GetString());

        var replay = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = oldRefresh });
        await replay.IsProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        // Replaying a used token revokes its family: the newer one is gone too.
        var newer = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = second.GetProperty("refreshToken").GetString() });
        Assert.Equal(HttpStatusCode.Unauthorized, newer.StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        await app.CreateUserAsync("locked@test.example.cn", "Right2026pass", Core.Users.Roles.Finance);
        var client = app.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "locked@test.example.cn", password = "Wrong2026pass" });
        }
        var right = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "locked@test.example.cn", password = "Right2026pass" });
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
    }

    [Fact]
    public async Task Admin_api_without_a_token_answers_401_problem()
    {
        var response = await app.CreateClient().GetAsync("/api/v1/admin/suppliers");
        await response.IsProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_garbage_token_answers_401()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/admin/suppliers")).StatusCode);
    }

    [Fact]
    public async Task A_role_without_the_right_answers_403_problem()
    {
        await app.CreateUserAsync("finance@test.example.cn", "Finance2026pass", Core.Users.Roles.Finance);
        var client = await app.SignedInClientAsync("finance@test.example.cn", "Finance2026pass");
        var response = await client.GetAsync("/api/v1/admin/suppliers");
        await response.IsProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Malformed_json_answers_400_problem()
    {
        var response = await app.CreateClient().PostAsync("/api/v1/auth/login", new StringContent("{\"email\":", Encoding.UTF8, "application/json"));
        await response.IsProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task Wrong_content_type_answers_415_problem()
    {
        var response = await app.CreateClient().PostAsync("/api/v1/auth/login", new StringContent("email=a", Encoding.UTF8, "text/plain"));
        await response.IsProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Fact]
    public async Task Oversized_body_answers_413_problem()
    {
        var huge = "{\"email\":\"" + new string('a', 2 * 1024 * 1024) + "\",\"password\":\"x\"}";
        var response = await app.CreateClient().PostAsync("/api/v1/auth/login", new StringContent(huge, Encoding.UTF8, "application/json"));
        await response.IsProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task Empty_fields_name_the_field()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = "", password = "" });
        await response.IsValidationProblemAsync("email", "password");
    }
}
