using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Procurement.Core.Gifts;

namespace Procurement.Infrastructure.Gifts;

/// <summary>
/// The SMS provider's settings (<c>Sms:*</c>). None of the Chinese cloud SMS SDKs is on the package mirror, so the
/// adapter speaks plain HTTPS to the provider's (or an aggregator's) send endpoint; without an endpoint, messages are
/// only recorded (the purchaser sees them and downloads the codes to hand out another way).
/// </summary>
public sealed class SmsOptions
{
    /// <summary>The provider's send address, e.g. <c>https://sms.example.cn/v1/messages</c>; empty: no provider.</summary>
    public string Endpoint { get; set; } = "";

    public string AccessKey { get; set; } = "";

    /// <summary>The shared secret the requests are signed with (HMAC-SHA256); never logged.</summary>
    public string Secret { get; set; } = "";

    /// <summary>The registered signature (短信签名) the provider prefixes, e.g. 陇品汇.</summary>
    public string SignName { get; set; } = "陇品汇";

    public int TimeoutSeconds { get; set; } = 10;

    public bool Configured => Endpoint.Length > 0;
}

/// <summary>
/// Sends one message: <c>POST {Endpoint}</c> with <c>{ requestId, mobile, signName, text }</c> as JSON, signed with
/// <c>X-Access-Key</c>, <c>X-Timestamp</c> (Unix seconds) and <c>X-Signature</c> = Base64(HMAC-SHA256(secret,
/// timestamp + "\n" + body)). <c>requestId</c> is <c>mm-{message id}</c>: a provider that keeps it sends a message
/// retried after a lost answer once. The typed client carries the standard resilience handler (retries with backoff on
/// 5xx, 408, 429 and timeouts, a circuit breaker, an overall timeout). A 2xx is taken (its <c>messageId</c> kept), a
/// 4xx other than 408/429 is refused for good (a bad number, a text the provider will not carry), anything else is
/// not reached and tried again by the next run.
/// </summary>
public sealed class HttpsSmsGateway(HttpClient http, SmsOptions options, TimeProvider clock) : ISmsGateway
{
    public bool Configured => options.Configured;

    public async Task<SmsOutcome> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new { requestId = $"mm-{message.Id}", mobile = message.Mobile, signName = options.SignName, text = message.Text });
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Access-Key", options.AccessKey);
        request.Headers.Add("X-Timestamp", timestamp);
        request.Headers.Add("X-Signature", Sign(options.Secret, timestamp, body));
        using var response = await http.SendAsync(request, cancellationToken);
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            string? id = null;
            try
            {
                var answer = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                id = answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("messageId", out var m) ? m.ToString() : null;
            }
            catch (JsonException)
            {
                // Taken all the same: the status says so; only its id is unknown.
            }
            return SmsOutcome.Taken(id);
        }
        var detail = await response.Content.ReadAsStringAsync(cancellationToken);
        var failure = $"{status} {(detail.Length > 200 ? detail[..200] : detail)}".Trim();
        return status is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
            ? SmsOutcome.Refused(failure)
            : SmsOutcome.Unreached(failure);
    }

    /// <summary>Base64(HMAC-SHA256(secret, timestamp + "\n" + body)): what the provider recomputes to trust the request.</summary>
    public static string Sign(string secret, string timestamp, string body) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}\n{body}")));
}

/// <summary>No provider configured: nothing is sent; the recorded messages are what the purchaser sees and hands out.</summary>
public sealed class NoSmsGateway : ISmsGateway
{
    public bool Configured => false;

    public Task<SmsOutcome> SendAsync(SmsMessage message, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("No SMS provider is configured (Sms:Endpoint).");
}
