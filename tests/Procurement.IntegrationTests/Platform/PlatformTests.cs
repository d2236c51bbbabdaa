using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Procurement.IntegrationTests.Platform;

public sealed class PlatformTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_200(string path) =>
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync(path)).StatusCode);

    [Fact]
    public async Task OpenApi_lists_every_api_endpoint()
    {
        var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;
        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => $"{op.Name.ToUpperInvariant()} {path.Name}"))
            .ToHashSet();
        var mapped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m =>
                $"{m} {System.Text.RegularExpressions.Regex.Replace(e.RoutePattern.RawText!.TrimEnd('/'), @"\{(\w+):[^}]+\}", "{$1}")}"))
            .ToHashSet();
        Assert.NotEmpty(mapped);
        Assert.Empty(mapped.Except(documented));
    }

    [Fact]
    public async Task The_api_reference_page_is_served()
    {
        var response = await app.CreateClient().GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("openapi/v1.json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_jobs_dashboard_is_closed_to_anonymous_visitors()
    {
        var response = await app.CreateClient().GetAsync("/jobs");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_storefront_renders_in_chinese_by_default()
    {
        var html = await app.CreateClient().GetStringAsync("/");
        Assert.Contains("陇品汇", html, StringComparison.Ordinal);
        Assert.Contains("节日慰问", html, StringComparison.Ordinal);
    }
}
