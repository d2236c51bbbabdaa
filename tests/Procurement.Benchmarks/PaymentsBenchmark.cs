using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Procurement.Benchmarks;

/// <summary>
/// Stripe's webhook on the real app process: p99 latency of one signed event through HTTP beside <c>/health/live</c>
/// measured in the same run; then 1,000 distinct events sent at once, each recorded exactly once, and the same 1,000
/// replayed at once changing nothing. The events are <c>charge.refunded</c> for charges the app does not know: every
/// one goes through verification, the once-only record and the commit, without needing 1,000 orders.
/// </summary>
internal static class PaymentsBenchmark
{
    private const string Secret = "whsec_bench_longpinhui";
    private const int Events = 1_000;

    public static async Task<IReadOnlyList<Result>> RunAsync(string appDll)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "procurement-bench", Guid.NewGuid().ToString("N"));
        await using var app = await AppProcess.StartAsync(appDll, 5097, dataDirectory, ["--Stripe:WebhookSecret", Secret]);
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 }) { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromMinutes(2) };
        var version = Stripe.StripeConfiguration.ApiVersion;

        // Latency, one at a time, after a warm-up: the webhook beside the cheapest endpoint.
        for (var i = 0; i < 50; i++)
        {
            await SendAsync(client, Payload($"evt_warm_{i}", version));
            await client.GetAsync("/health/live");
        }
        var webhook = new List<double>();
        var live = new List<double>();
        for (var i = 0; i < 300; i++)
        {
            var clock = Stopwatch.StartNew();
            var answer = await SendAsync(client, Payload($"evt_lat_{i}", version));
            webhook.Add(clock.Elapsed.TotalMilliseconds);
            answer.EnsureSuccessStatusCode();
            clock.Restart();
            (await client.GetAsync("/health/live")).EnsureSuccessStatusCode();
            live.Add(clock.Elapsed.TotalMilliseconds);
        }
        var webhookP99 = Percentile(webhook, 0.99);
        var liveP99 = Percentile(live, 0.99);
        Console.WriteLine($"Payments benchmark: webhook p99 {webhookP99:0.0} ms, /health/live p99 {liveP99:0.0} ms");

        var batch = Enumerable.Range(0, Events).Select(i => Payload($"evt_burst_{i}", version)).ToList();
        var burst = Stopwatch.StartNew();
        var first = await Task.WhenAll(batch.Select(p => SendAsync(client, p)));
        var burstMs = burst.Elapsed.TotalMilliseconds;
        var applied = await OutcomesAsync(first);
        burst.Restart();
        var replay = await Task.WhenAll(batch.Select(p => SendAsync(client, p)));
        var replayMs = burst.Elapsed.TotalMilliseconds;
        var replayed = await OutcomesAsync(replay);
        await using var db = StockImportBenchmark.Database(dataDirectory);
        var recorded = await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM ProcessedPaymentEvents WHERE EventId LIKE 'evt_burst_%'").SingleAsync();
        Console.WriteLine($"  1,000 at once {burstMs:0} ms: {string.Join(", ", applied.Select(o => $"{o.Key} {o.Value}"))}; replay {replayMs:0} ms: " +
                          $"{string.Join(", ", replayed.Select(o => $"{o.Key} {o.Value}"))}; recorded {recorded}");
        if (recorded != Events || replayed.GetValueOrDefault("Duplicate") != Events || applied.GetValueOrDefault("Duplicate") != 0)
        {
            throw new InvalidOperationException("Webhook events were not applied exactly once.");
        }
        return
        [
            new Result("stripe_webhook_p99", Math.Round(webhookP99, 1), "ms", 50, LowerIsBetter: true, Bare: Math.Round(liveP99, 1)),
            new Result("stripe_webhook_1000_distinct_concurrent", Math.Round(burstMs), "ms", 0, LowerIsBetter: true),
            new Result("stripe_webhook_1000_replayed_concurrent", Math.Round(replayMs), "ms", 0, LowerIsBetter: true),
        ];
    }

    private static async Task<Dictionary<string, int>> OutcomesAsync(HttpResponseMessage[] answers)
    {
        var outcomes = new Dictionary<string, int>();
        foreach (var answer in answers)
        {
            var key = answer.StatusCode == HttpStatusCode.OK
                ? JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("outcome").GetString()!
                : $"HTTP {(int)answer.StatusCode}";
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
        }
        return outcomes;
    }

    private static string Payload(string id, string version) => JsonSerializer.Serialize(new
    {
        id, @object = "event", api_version = version, type = "charge.refunded", created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), livemode = false,
        pending_webhooks = 1,
        data = new { @object = new { id = $"ch_{id}", @object = "charge", amount = 100, amount_refunded = 100, currency = "cny", refunded = true } },
    });

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string payload)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/stripe") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", $"t={timestamp},v1={Convert.ToHexStringLower(mac)}");
        return client.SendAsync(request);
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }
}
