using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Procurement.Core.Users;
using Procurement.IntegrationTests.Catalog.Listings;

namespace Procurement.IntegrationTests.Auth;

/// <summary>
/// Each role lands on its own portal after signing in on the page (issue #21); a return URL on this site still wins,
/// except the storefront's <c>/</c> the header's button passes; one to another site is never followed.
/// </summary>
public sealed partial class RoleLandingTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    private const string Password = "Landing2026pass";

    private async Task<string> UserAsync(string role)
    {
        var email = $"l{Guid.NewGuid():N}"[..12] + "@test.example.cn";
        Guid? union = Roles.BelongsToUnion(role) ? await app.CreateUnionAsync(TestUscc.Next(), $"落地测试工会{Guid.NewGuid():N}"[..12]) : null;
        Guid? supplier = role == Roles.Supplier ? await app.CreateSupplierAsync(TestUscc.Next(), $"落地测试合作社{Guid.NewGuid():N}"[..12]) : null;
        await app.CreateUserAsync(email, Password, role, unionId: union, supplierId: supplier);
        return email;
    }

    /// <summary>The sign-in form posted from <c>/account/login?returnUrl=…</c>, as the browser does; the redirect's target.</summary>
    private async Task<string> LandingAsync(string email, string? returnUrl = null)
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var path = returnUrl is null ? "/account/login" : $"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}";
        var page = await browser.GetStringAsync(path);
        var fields = HiddenInput().Matches(page).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["Input.Email"] = email;
        fields["Input.Password"] = Password;
        var posted = await browser.PostAsync(path, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        // Always this site (the page writes the address whole): a return URL to another never leaves it.
        var target = new Uri(browser.BaseAddress!, posted.Headers.Location!);
        Assert.Equal(browser.BaseAddress!.Authority, target.Authority);
        // The landing page answers the fresh cookie (no bounce back to the sign-in page).
        var landed = await browser.GetAsync(target.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        return target.PathAndQuery;
    }

    [Theory]
    [InlineData(Roles.Supplier, "/supplier")]
    [InlineData(Roles.Finance, "/finance/payments")]
    [InlineData(Roles.Approver, "/approvals")]
    [InlineData(Roles.Admin, "/admin/reviews")]
    [InlineData(Roles.Purchaser, "/")]
    public async Task Each_role_lands_on_its_own_portal(string role, string landing) =>
        Assert.Equal(landing, await LandingAsync(await UserAsync(role)));

    [Fact]
    public async Task A_return_url_on_this_site_wins_and_the_storefront_home_does_not()
    {
        var supplier = await UserAsync(Roles.Supplier);
        Assert.Equal("/supplier/shipments?status=Pending", await LandingAsync(supplier, "/supplier/shipments?status=Pending"));
        // The header's sign-in button on the home page passes "/": the supplier still lands on its portal.
        Assert.Equal("/supplier", await LandingAsync(supplier, "/"));
        var finance = await UserAsync(Roles.Finance);
        Assert.Equal("/finance/reconciliation", await LandingAsync(finance, "/finance/reconciliation"));
    }

    [Theory]
    [InlineData("https://evil.example.com/phish")]
    [InlineData("//evil.example.com")]
    [InlineData("/\\evil.example.com")]
    [InlineData("javascript:alert(1)")]
    public async Task A_return_url_to_another_site_is_refused_for_the_roles_portal(string returnUrl) =>
        Assert.Equal("/finance/payments", await LandingAsync(await UserAsync(Roles.Finance), returnUrl));

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)(?=")""")]
    private static partial Regex HiddenInput();
}
