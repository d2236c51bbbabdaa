using System.Net;

namespace Procurement.IntegrationTests.Platform;

/// <summary>Inputs that once threw (a 500 to anyone) answer 400 naming what is wrong.</summary>
public sealed class BoundedInputTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    [Theory]
    [InlineData("minPrice=100000000000000000000", "minPrice")]
    [InlineData("maxPrice=79228162514264337593543950335", "maxPrice")]
    [InlineData("minPrice=100000001", "minPrice")]
    public async Task Price_filters_beyond_any_price_are_named(string query, string field)
    {
        var response = await app.CreateClient().GetAsync($"/api/v1/catalog/search?{query}");
        var problem = await response.IsProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Theory]
    [InlineData("/%5Cx")]
    [InlineData("//evil.example.com")]
    [InlineData("https://evil.example.com/")]
    [InlineData("/a%5Cb")]
    public async Task The_language_switch_refuses_to_leave_the_site(string redirect)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync($"/culture/set?culture=en&redirectUri={redirect}");
        var problem = await response.IsProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("redirectUri", out _));
    }

    [Fact]
    public async Task A_price_in_exponent_form_is_a_bad_request()
    {
        var response = await app.CreateClient().GetAsync("/api/v1/catalog/search?minPrice=1e20");
        await response.IsProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task The_language_switch_returns_to_a_local_page()
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync("/culture/set?culture=en&redirectUri=/search%3Fq%3D%E7%99%BE%E5%90%88");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/search?q=百合", Uri.UnescapeDataString(response.Headers.Location!.OriginalString));
    }
}
