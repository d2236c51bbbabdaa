using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Users;
using Procurement.Infrastructure.Users;

namespace Procurement.IntegrationTests.Auth;

/// <summary>
/// Lockout stops new sign-ins and nothing else: sessions already signed in keep working. And a refused sign-in says
/// the same thing whatever the reason, so nobody learns from it which accounts exist or are locked.
/// </summary>
public sealed class SignInTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    private HttpClient Browser() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private Task<Guid> UserIdAsync(string email) =>
        app.WithScopeAsync(async sp => (await sp.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email))!.Id);

    private async Task LockOutAsync(string email)
    {
        var stranger = app.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await stranger.PostAsJsonAsync("/api/v1/auth/login", new { email, password = $"Guess{i}2026pass" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
    }

    [Fact]
    public async Task Five_wrong_passwords_from_a_stranger_leave_the_signed_in_sessions_working()
    {
        const string email = "keeps-session@test.example.cn", password = "Keeps2026pass";
        await app.CreateUserAsync(email, password, Roles.Finance);
        var login = await (await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password })).Content.ReadFromJsonAsync<JsonElement>();
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login.GetProperty("accessToken").GetString());
        var browser = Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await WebSignIn.PostAsync(browser, email, password)).StatusCode);

        await LockOutAsync(email);
        // The right password is refused while locked, in the words of any other failure.
        var refused = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        await refused.IsProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        // As if the minute of cached session answers had passed.
        var userId = await UserIdAsync(email);
        app.Services.GetRequiredService<SessionValidator>().Forget(userId);

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/finance/payments")).StatusCode);
        var refreshed = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = login.GetProperty("refreshToken").GetString() });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/finance/payments")).StatusCode);
        // What a Blazor circuit asks every few minutes about its user.
        var circuitUser = await app.WithScopeAsync(async sp =>
        {
            var signIn = sp.GetRequiredService<SignInManager<AppUser>>();
            return await signIn.CreateUserPrincipalAsync((await signIn.UserManager.FindByIdAsync(userId.ToString()))!);
        });
        Assert.True(await app.Services.GetRequiredService<SessionValidator>().IsCurrentAsync(circuitUser));
    }

    [Fact]
    public async Task Disabling_an_account_still_ends_its_bearer_refresh_and_circuit_sessions()
    {
        const string email = "disabled-session@test.example.cn", password = "Disabled2026pass";
        await app.CreateUserAsync(email, password, Roles.Finance);
        var login = await (await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password })).Content.ReadFromJsonAsync<JsonElement>();
        var userId = await UserIdAsync(email);
        var circuitUser = await app.WithScopeAsync(async sp =>
        {
            var signIn = sp.GetRequiredService<SignInManager<AppUser>>();
            return await signIn.CreateUserPrincipalAsync((await signIn.UserManager.FindByIdAsync(userId.ToString()))!);
        });

        var admin = await app.AdminClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/admin/users/{userId}", new { displayName = "测试用户", role = Roles.Finance, disabled = true })).StatusCode);

        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/finance/payments")).StatusCode);
        var refreshed = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = login.GetProperty("refreshToken").GetString() });
        Assert.Equal(HttpStatusCode.Unauthorized, refreshed.StatusCode);
        Assert.False(await app.Services.GetRequiredService<SessionValidator>().IsCurrentAsync(circuitUser));
    }

    [Fact]
    public async Task Signing_out_in_the_browser_ends_the_accounts_refresh_tokens_too()
    {
        const string email = "signs-out@test.example.cn", password = "SignsOut2026pass";
        await app.CreateUserAsync(email, password, Roles.Finance);
        var login = await (await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password })).Content.ReadFromJsonAsync<JsonElement>();
        var browser = Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await WebSignIn.PostAsync(browser, email, password)).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync("/account/logout", null)).StatusCode);

        var refreshed = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = login.GetProperty("refreshToken").GetString() });
        Assert.Equal(HttpStatusCode.Unauthorized, refreshed.StatusCode);
    }

    [Fact]
    public async Task The_api_refuses_an_unknown_email_a_wrong_password_and_a_locked_account_alike()
    {
        await app.CreateUserAsync("api-known@test.example.cn", "Known2026pass", Roles.Finance);
        await app.CreateUserAsync("api-locked@test.example.cn", "Locked2026pass", Roles.Finance);
        await LockOutAsync("api-locked@test.example.cn");

        var answers = new List<(HttpStatusCode, string?, string?, string?)>();
        foreach (var (email, password) in new[]
        {
            ("nobody-here@test.example.cn", "Known2026pass"),
            ("api-known@test.example.cn", "Wrong2026pass"),
            ("api-locked@test.example.cn", "Locked2026pass"),
        })
        {
            var response = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password });
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            answers.Add((response.StatusCode, body.GetProperty("type").GetString(), body.GetProperty("title").GetString(), body.GetProperty("detail").GetString()));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, answers[0].Item1);
        Assert.All(answers, a => Assert.Equal(answers[0], a));
    }

    [Fact]
    public async Task The_sign_in_page_refuses_an_unknown_email_a_wrong_password_and_a_locked_account_alike()
    {
        await app.CreateUserAsync("web-known@test.example.cn", "Known2026pass", Roles.Finance);
        await app.CreateUserAsync("web-locked@test.example.cn", "Locked2026pass", Roles.Finance);
        // Locked through the page itself: the fifth wrong password is the one that locks, and it too says nothing more.
        var lockedOnThePage = new List<string?>();
        for (var i = 0; i < 5; i++)
        {
            lockedOnThePage.Add(await WebSignIn.AlertAsync(await WebSignIn.PostAsync(Browser(), "web-locked@test.example.cn", $"Guess{i}2026pass")));
        }

        var answers = new List<(HttpStatusCode, string?)>();
        foreach (var (email, password) in new[]
        {
            ("nobody-here@test.example.cn", "Known2026pass"),
            ("web-known@test.example.cn", "Wrong2026pass"),
            ("web-locked@test.example.cn", "Locked2026pass"),
        })
        {
            var response = await WebSignIn.PostAsync(Browser(), email, password);
            answers.Add((response.StatusCode, await WebSignIn.AlertAsync(response)));
        }

        Assert.Equal(HttpStatusCode.OK, answers[0].Item1);
        Assert.False(string.IsNullOrEmpty(answers[0].Item2));
        Assert.All(answers, a => Assert.Equal(answers[0], a));
        Assert.All(lockedOnThePage, alert => Assert.Equal(answers[0].Item2, alert));
    }

    [Fact]
    public async Task The_page_and_the_api_give_one_message_for_a_failed_sign_in()
    {
        var api = app.CreateClient();
        api.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var apiBody = await (await api.PostAsJsonAsync("/api/v1/auth/login", new { email = "nobody-at-all@test.example.cn", password = "Nobody2026pass" })).Content.ReadFromJsonAsync<JsonElement>();
        var browser = Browser();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var pageAlert = await WebSignIn.AlertAsync(await WebSignIn.PostAsync(browser, "nobody-at-all@test.example.cn", "Nobody2026pass"));

        Assert.Equal(apiBody.GetProperty("detail").GetString(), pageAlert);
    }
}
