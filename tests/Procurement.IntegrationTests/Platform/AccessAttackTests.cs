using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Procurement.Core.Common;
using Procurement.Core.Users;
using Procurement.Infrastructure.Users;
using Procurement.IntegrationTests.Catalog.Listings;
using Procurement.IntegrationTests.Ordering;
using Procurement.Web.Auth;

namespace Procurement.IntegrationTests.Platform;

/// <summary>
/// Requests an attacker would try against the capability rules (docs/architecture.md, "Access: capabilities, decided
/// once"): crafted paths and policy names, the cookie on the API and the token on the cookie links, another tenant's
/// ids on every id-taking route, and paging that should never reach a use case out of range.
/// </summary>
public sealed class AccessAttackTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    [Theory]
    [InlineData("api-cap:1")]
    [InlineData("cap:1")]
    [InlineData("api-cap: Purchase")]
    [InlineData("api-cap:purchase")]
    [InlineData("api-cap:")]
    [InlineData("cap:")]
    [InlineData("api-cap:Purchase,")]
    [InlineData("api-cap:-1")]
    public void A_policy_name_is_only_ever_capability_names_as_written(string policyName) =>
        Assert.Null(Policies.Parse(policyName));

    [Fact]
    public void The_policies_the_code_makes_parse_back()
    {
        var parsed = Policies.Parse(Policies.Api(Capability.FinanceRead, Capability.Supply));
        Assert.Equal([Capability.FinanceRead, Capability.Supply], parsed!.Value.Capabilities);
        Assert.True(parsed.Value.Bearer);
        Assert.Equal([Capability.Supply], Policies.Parse(Policies.Page(Capability.Supply))!.Value.Capabilities);
    }

    [Theory]
    [InlineData("//api/v1/finance/payments?pageSize=500")]
    [InlineData("/API/v1/finance/payments?PAGESIZE=500")]
    [InlineData("/api/v1/finance/payments?pageSize=500&pageSize=5")]
    [InlineData("/api/v1/finance/payments?pageSize=%20500")]
    [InlineData("/api/v1/finance/payments?pageSize=0")]
    [InlineData("/api/v1/finance/payments?page=-1")]
    public async Task Paging_out_of_range_is_a_400_however_the_request_is_spelled(string url)
    {
        var ordering = await OrderingScenario.CreateAsync(app);
        var finance = await ordering.FinanceAsync();
        var response = await finance.GetAsync(url);
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [InlineData("/api/v1/finance/payments?page=2147483647&pageSize=100")]
    [InlineData("/api/v1/finance/refunds?page=2147483647&pageSize=100")]
    [InlineData("/api/v1/orders?page=2147483647&pageSize=100")]
    [InlineData("/api/v1/admin/users?page=2147483647&pageSize=100")]
    [InlineData("/api/v1/catalog/search?page=2147483647&pageSize=100")]
    public async Task A_page_far_past_the_end_is_an_empty_page_or_a_400_never_a_500(string url)
    {
        var ordering = await OrderingScenario.CreateAsync(app);
        var client = url.Contains("/finance/", StringComparison.Ordinal) ? await ordering.FinanceAsync()
            : url.Contains("/admin/", StringComparison.Ordinal) ? await app.AdminClientAsync() : ordering.Purchaser;
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task A_disabled_users_token_is_refused_on_every_spelling_of_an_api_path()
    {
        var ordering = await OrderingScenario.CreateAsync(app);
        var email = $"x{Guid.NewGuid():N}"[..10] + "@test.example.cn";
        await app.CreateUserAsync(email, OrderingScenario.Password, Roles.Purchaser, unionId: ordering.UnionId);
        var client = await app.SignedInClientAsync(email, OrderingScenario.Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/orders")).StatusCode);
        await app.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserAdmin>();
            var user = (await users.ListAsync(new ListQuery(email, 1, 10), CancellationToken.None)).Value!.Items.Single();
            var updated = await users.UpdateAsync(user.Id, new UserUpdateRequest
            {
                DisplayName = "停用", Role = Roles.Purchaser, UnionId = ordering.UnionId, Disabled = true,
            }, CancellationToken.None);
            Assert.True(updated.Succeeded, updated.Error?.Detail);
            return 0;
        });
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/orders")).StatusCode);
        var doubled = await client.GetAsync("//api/v1/orders");
        Assert.True(doubled.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.NotFound, $"//api/v1/orders answered {(int)doubled.StatusCode}");
    }

    [Fact]
    public async Task A_browser_cookie_never_authorizes_an_api_call()
    {
        var ordering = await OrderingScenario.CreateAsync(app);
        var cookie = await CookieClientAsync(ordering.PurchaserEmail);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cookie.GetAsync("/api/v1/orders")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cookie.GetAsync("/api/v1/orders/budget")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cookie.GetAsync("//api/v1/orders")).StatusCode is var s && s == HttpStatusCode.NotFound ? HttpStatusCode.Unauthorized : s);
    }

    [Fact]
    public async Task The_cookie_download_links_answer_only_their_capability_and_tenant()
    {
        var ordering = await OrderingScenario.CreateAsync(app);
        var other = await SupplierScenario.CreateAsync(app, "另一家合作社");
        var month = DateTimeOffset.UtcNow.ToString("yyyy-MM");
        var supplierEmail = await SupplierEmailAsync(ordering.Supplier.SupplierId);
        var supplierCookie = await CookieClientAsync(supplierEmail);
        var purchaserCookie = await CookieClientAsync(ordering.PurchaserEmail);

        // A bearer token does not sign in to the cookie links.
        var finance = await ordering.FinanceAsync();
        foreach (var token in new[] { ordering.Purchaser, finance })
        {
            var bare = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            bare.DefaultRequestHeaders.Authorization = token.DefaultRequestHeaders.Authorization;
            var byToken = await bare.GetAsync("/finance/payments/export.csv");
            Assert.False(byToken.IsSuccessStatusCode, $"a bearer token downloaded the payments export: {(int)byToken.StatusCode}");
        }

        // A purchaser's cookie is not finance.
        var payments = await purchaserCookie.GetAsync("/finance/payments/export.csv");
        Assert.True(payments.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"payments export: {(int)payments.StatusCode}");
        Assert.True(payments.Headers.Location is null || payments.Headers.Location.ToString().Contains("denied"), payments.Headers.Location?.ToString());

        // A supplier's cookie does not reach another supplier's statement.
        var statement = await supplierCookie.GetAsync($"/settlements/{month}/{other.SupplierId}.csv");
        Assert.False(statement.IsSuccessStatusCode, $"another supplier's statement: {(int)statement.StatusCode}");
        var own = await supplierCookie.GetAsync($"/settlements/{month}/{ordering.Supplier.SupplierId}.csv");
        Assert.NotEqual(HttpStatusCode.InternalServerError, own.StatusCode);
    }

    /// <summary>Found in review: the decision compared only the creator, so an approver could submit a purchaser's draft and approve it.</summary>
    [Fact]
    public async Task An_approver_does_not_decide_an_order_they_submitted_for_a_purchaser()
    {
        // The union asks approval of everything (threshold 0): the approver submits the purchaser's draft, then approves it.
        var ordering = await OrderingScenario.CreateAsync(app);
        var sku = (await ordering.PublishAsync((36m, 100)))[0];
        var order = await ordering.ReadyAsync([(sku, 2)], OrderingScenario.Rows(2));
        var submitted = await ordering.Approver.PostAsync($"/api/v1/orders/{order}/submit", null);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        var details = await ordering.Approver.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}");
        Assert.Equal("PendingApproval", details.GetProperty("status").GetString());
        Assert.DoesNotContain("approve", details.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));
        var approved = await ordering.Approver.PostAsJsonAsync($"/api/v1/orders/{order}/approve", new { });
        Assert.Equal(HttpStatusCode.Forbidden, approved.StatusCode);
        var rejected = await ordering.Approver.PostAsJsonAsync($"/api/v1/orders/{order}/reject", new { reason = "自己提交的" });
        Assert.Equal(HttpStatusCode.Forbidden, rejected.StatusCode);
    }

    [Fact]
    public async Task The_jobs_dashboard_is_for_an_admins_cookie_only()
    {
        var ordering = await OrderingScenario.CreateAsync(app);
        var bare = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        bare.DefaultRequestHeaders.Authorization = (await app.AdminClientAsync()).DefaultRequestHeaders.Authorization;
        Assert.False((await bare.GetAsync("/jobs")).IsSuccessStatusCode, "an admin's bearer token opened /jobs");
        var purchaser = await CookieClientAsync(ordering.PurchaserEmail);
        Assert.False((await purchaser.GetAsync("/jobs")).IsSuccessStatusCode, "a purchaser's cookie opened /jobs");
        Assert.False((await purchaser.GetAsync("/jobs/reconciliation")).IsSuccessStatusCode, "a purchaser's cookie opened /jobs/reconciliation");
        Assert.Equal(HttpStatusCode.OK, (await (await CookieClientAsync(ProcurementApp.AdminEmail)).GetAsync("/jobs")).StatusCode);
    }

    private async Task<string> SupplierEmailAsync(Guid supplierId)
    {
        var email = $"s{Guid.NewGuid():N}"[..12] + "@test.example.cn";
        await app.CreateUserAsync(email, "Supplier2026pass", Roles.Supplier, supplierId: supplierId);
        return email;
    }

    /// <summary>A browser signed in with the portal's cookie (what the login page issues), without a bearer token.</summary>
    private async Task<HttpClient> CookieClientAsync(string email)
    {
        var ticket = await app.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByEmailAsync(email);
            var principal = await sp.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user!);
            var options = sp.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
            var now = DateTimeOffset.UtcNow;
            return options.TicketDataFormat.Protect(new AuthenticationTicket(principal,
                new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddHours(1) }, IdentityConstants.ApplicationScheme));
        });
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", $"lph.auth={ticket}");
        return client;
    }
}
