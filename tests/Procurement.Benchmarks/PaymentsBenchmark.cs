using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Procurement.Core.Catalog;
using Procurement.Core.Common;
using Procurement.Core.Common.Regions;
using Procurement.Core.Ordering;
using Procurement.Core.Payments;

namespace Procurement.Benchmarks;

/// <summary>
/// Stripe's webhook on the real app process: p99 latency of one signed event through HTTP beside <c>/health/live</c>
/// measured in the same run; then 1,000 distinct events sent at once, each applied exactly once, and the same 1,000
/// replayed at once changing nothing. The events are <c>payment_intent.succeeded</c> for approved orders seeded with
/// an open online attempt each: every one verifies, records itself once, pays its order (reservations sold) and, where
/// the ledger exists, posts its receipt, in one commit. Afterwards every order is paid once, and the ledger holds
/// exactly one receipt entry per payment.
/// </summary>
internal static class PaymentsBenchmark
{
    private const string Secret = "whsec_bench_longpinhui";
    private const int Events = 1_000, Warm = 50, Latency = 300;

    public static async Task<IReadOnlyList<Result>> RunAsync(string appDll)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "procurement-bench", Guid.NewGuid().ToString("N"));
        await using var app = await AppProcess.StartAsync(appDll, 5097, dataDirectory, ["--Stripe:WebhookSecret", Secret]);
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 }) { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromMinutes(2) };
        var version = Stripe.StripeConfiguration.ApiVersion;
        var orders = await SeedAsync(dataDirectory, Warm + Latency + Events);
        var warm = orders[..Warm];
        var latency = orders[Warm..(Warm + Latency)];
        var burstOrders = orders[(Warm + Latency)..];

        // Latency, one at a time, after a warm-up: the webhook beside the cheapest endpoint.
        for (var i = 0; i < Warm; i++)
        {
            (await SendAsync(client, Payload($"evt_warm_{i}", version, warm[i]))).EnsureSuccessStatusCode();
            await client.GetAsync("/health/live");
        }
        var webhook = new List<double>();
        var live = new List<double>();
        for (var i = 0; i < Latency; i++)
        {
            var clock = Stopwatch.StartNew();
            var answer = await SendAsync(client, Payload($"evt_lat_{i}", version, latency[i]));
            webhook.Add(clock.Elapsed.TotalMilliseconds);
            answer.EnsureSuccessStatusCode();
            clock.Restart();
            (await client.GetAsync("/health/live")).EnsureSuccessStatusCode();
            live.Add(clock.Elapsed.TotalMilliseconds);
        }
        var webhookP99 = Percentile(webhook, 0.99);
        var liveP99 = Percentile(live, 0.99);
        Console.WriteLine($"Payments benchmark: webhook p99 {webhookP99:0.0} ms, /health/live p99 {liveP99:0.0} ms");

        var batch = Enumerable.Range(0, Events).Select(i => Payload($"evt_burst_{i}", version, burstOrders[i])).ToList();
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
        var paid = await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM Orders WHERE Number LIKE 'BENCH-PAY-%' AND Status = 'Paid'").SingleAsync();
        var succeeded = await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM Payments WHERE Reference LIKE 'pi_bench_%' AND Status = 'Succeeded'").SingleAsync();
        // The ledger's receipts, where the build has a ledger (the benchmark also runs on the commit before it, for the comparison).
        var ledger = await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM sqlite_master WHERE type = 'table' AND name = 'LedgerEntries'").SingleAsync() == 1;
        var receipts = ledger ? await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM LedgerEntries WHERE Key LIKE 'receipt:%'").SingleAsync() : -1;
        Console.WriteLine($"  1,000 at once {burstMs:0} ms: {string.Join(", ", applied.Select(o => $"{o.Key} {o.Value}"))}; replay {replayMs:0} ms: " +
                          $"{string.Join(", ", replayed.Select(o => $"{o.Key} {o.Value}"))}; recorded {recorded}; orders paid {paid}, payments succeeded {succeeded}, " +
                          (ledger ? $"ledger receipts {receipts}" : "no ledger in this build"));
        if (recorded != Events || replayed.GetValueOrDefault("Duplicate") != Events || applied.GetValueOrDefault("Applied") != Events
            || paid != orders.Length || succeeded != orders.Length || (ledger && receipts != orders.Length))
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

    private static string Payload(string id, string version, (Guid Order, string Intent, long Fen) paying) => JsonSerializer.Serialize(new
    {
        id, @object = "event", api_version = version, type = "payment_intent.succeeded", created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), livemode = false,
        pending_webhooks = 1,
        data = new
        {
            @object = new
            {
                id = paying.Intent, @object = "payment_intent", amount = paying.Fen, amount_received = paying.Fen, currency = "cny", status = "succeeded",
                metadata = new { order_id = paying.Order.ToString() },
            },
        },
    });

    /// <summary>
    /// Approved orders of the demo union, one line of a SKU reserved for all of them and one recipient (one parcel), each with an open online attempt
    /// (<c>pi_bench_{i}</c>) as paying online leaves it: written straight through the app's model, in one save.
    /// </summary>
    private static async Task<(Guid Order, string Intent, long Fen)[]> SeedAsync(string dataDirectory, int count)
    {
        await using var db = StockImportBenchmark.Database(dataDirectory);
        var supplierId = await db.Users.Where(u => u.Email == "supplier@demo.longpinhui.cn").Select(u => u.SupplierId!.Value).SingleAsync();
        var purchaser = await db.Users.Where(u => u.Email == "admin@demo.longpinhui.cn").Select(u => u.Id).SingleAsync();
        var unionId = await db.Unions.Select(u => u.Id).FirstAsync();
        var now = DateTimeOffset.UtcNow;
        var product = new Product(supplierId, "基准支付商品", "gift-box", "620103", "", null, [new Sku("PAY-BENCH", "1份", 88.8m, 1_000_000, 1, [])], now);
        product.PublishReviewed(now, 0, null);
        db.Products.Add(product);
        var sku = product.Skus[0];
        var region = Addresses.Resolve("江苏省", "南京市", "鼓楼区").Expect();
        var seeded = new (Guid, string, long)[count];
        for (var i = 0; i < count; i++)
        {
            var order = new Order(unionId, purchaser, $"BENCH-PAY-{i:D5}", Occasion.MidAutumn, null, [OrderLine.Price(sku, product.Name, 1, "lines[0]").Expect()], now);
            order.PackInto(1, 1).Expect();
            if (order.Submit(decimal.MaxValue, purchaser, now) is { } refused)
            {
                throw new InvalidOperationException(refused.Detail);
            }
            db.Orders.Add(order);
            db.Recipients.Add(new Recipient(order.Id, unionId, 2, "职工", (13_900_000_000 + i).ToString(CultureInfo.InvariantCulture), region, "幸福路 1 号", 1));
            db.Payments.Add(new Payment(order.Id, unionId, PaymentMethod.Online, order.Total, $"pi_bench_{i}", purchaser, now));
            seeded[i] = (order.Id, $"pi_bench_{i}", Money.ToFen(order.Total));
        }
        await db.SaveChangesAsync();
        await db.Skus.Where(s => s.Id == sku.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Reserved, count));
        return seeded;
    }

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
