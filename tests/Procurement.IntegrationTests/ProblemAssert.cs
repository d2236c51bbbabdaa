using System.Net;
using System.Text.Json;

namespace Procurement.IntegrationTests;

/// <summary>Checks the contract's problem details shape and returns the body for further asserts.</summary>
public static class ProblemAssert
{
    public static async Task<JsonElement> IsProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal($"urn:procurement:problem:{code}", body.GetProperty("type").GetString());
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("title").GetString()));
        return body;
    }

    public static async Task<JsonElement> IsValidationProblemAsync(this HttpResponseMessage response, params string[] fields)
    {
        var body = await response.IsProblemAsync(HttpStatusCode.BadRequest, "validation");
        var errors = body.GetProperty("errors");
        foreach (var field in fields)
        {
            Assert.True(errors.TryGetProperty(field, out var messages), $"expected an error for '{field}', got {errors}");
            Assert.NotEmpty(messages.EnumerateArray());
        }
        return body;
    }
}
