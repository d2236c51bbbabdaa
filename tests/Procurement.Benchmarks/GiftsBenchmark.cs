using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Procurement.Core.Catalog;
using Procurement.Core.Common;

namespace Procurement.Benchmarks;

/// <summary>
/// Member choice's targets (#24) on the real app process: paying a choice order of 20,000 members issues their codes
/// and records their messages ≤ 5 s; the gift page's API (<c>GET /api/v1/gift/{code}</c>) p99 ≤ 50 ms with 16
/// concurrent clients, with <c>/health/live</c> polled beside it in the same run; 1,000 members choosing one option
/// with stock for 500 at once: exactly 500 succeed, in ≤ 3 s.
/// </summary>
internal static class GiftsBenchmark
{
    private const int Members = 20_000, HotStock = 500, HotChoosers = 1_000, Clients = 16, LookupsPerClient = 150;
    private const string AdminEmail = "admin@demo.longpinhui.cn", Password = "Longpin@2026";

    public static async Task<IReadOnlyList<Result>> RunAsync(string appDll)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "procurement-bench", Guid.NewGuid().ToString("N"));
        // One client address makes every request: the gift page's per-client limit is raised for the benchmark, as for sign-in.
        await using var app = await AppProcess.StartAsync(appDll, 5141, dataDirectory, ["--RateLimits:GiftPerIpPerMinute", "1000000"]);
        var (hot, plenty) = await SeedSkusAsync(dataDirectory);
        using var admin = await OrderingBenchmark.BearerAsync(app.BaseUrl, AdminEmail, Password);
        var year = BusinessDate.Year(TimeProvider.System);
        var first17 = "91320000MA0000009";
        var union = await PostAsync(admin, "/api/v1/admin/unions", new
        {
            name = "基准自选工会", uscc = first17 + Uscc.CheckCharacter(first17), provinceCode = "320000", memberCount = 30_000, annualCapPerMember = 1_000_000m,
            approvalThreshold = 100_000_000_000m, budgets = new[] { new { year, amount = 10_000_000_000m } },
        });
        var unionId = union.GetProperty("id").GetGuid();
        await PostAsync(admin, "/api/v1/admin/users", new { email = "gift-purchaser@demo.longpinhui.cn", password = Password, displayName = "自选采购", role = "Purchaser", unionId });
        await PostAsync(admin, "/api/v1/admin/users", new { email = "gift-finance@demo.longpinhui.cn", password = Password, displayName = "自选财务", role = "Finance" });
        using var purchaser = await OrderingBenchmark.BearerAsync(app.BaseUrl, "gift-purchaser@demo.longpinhui.cn", Password);
        using var finance = await OrderingBenchmark.BearerAsync(app.BaseUrl, "gift-finance@demo.longpinhui.cn", Password);
        var results = new List<Result>();

        // 1. A choice order of three options for 20,000 members, submitted (approved below the threshold), then paid.
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders")
        {
            Content = JsonContent.Create(new
            {
                occasion = "MidAutumn",
                mode = "choice",
                lines = Array.Empty<object>(),
                options = new object[]
                {
                    new { name = "热门礼盒", lines = new[] { new { skuId = hot, quantity = 1 } } },
                    new { name = "苹果", lines = new[] { new { skuId = plenty[0], quantity = 1 } } },
                    new { name = "花椒 + 牛肉干", lines = new[] { new { skuId = plenty[1], quantity = 1 }, new { skuId = plenty[2], quantity = 2 } } },
                },
                defaultOption = 1,
                choiceDeadline = DateTimeOffset.UtcNow.AddDays(7),
            }),
        };
        create.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var created = await purchaser.SendAsync(create);
        var createdText = await created.Content.ReadAsStringAsync();
        Ensure(created, createdText);
        var order = JsonDocument.Parse(createdText).RootElement.GetProperty("id").GetGuid();
        var csv = new StringBuilder("姓名,手机号,省,市,区县,详细地址,份数\n");
        for (var i = 0; i < Members; i++)
        {
            csv.Append("职工").Append(i + 1).Append(',').Append((15_000_000_000L + i).ToString(CultureInfo.InvariantCulture)).Append(",江苏省,南京市,鼓楼区,幸福路").Append(i + 1).Append("号,1\n");
        }
        var put = await purchaser.PutAsync($"/api/v1/orders/{order}/recipients",
            new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString())), "file", "recipients.csv" } });
        Ensure(put, await put.Content.ReadAsStringAsync());
        var submitted = await purchaser.PostAsync($"/api/v1/orders/{order}/submit", null);
        var submittedText = await submitted.Content.ReadAsStringAsync();
        Ensure(submitted, submittedText);
        var total = JsonDocument.Parse(submittedText).RootElement.GetProperty("total").GetDecimal();
        // A first receipt of 1 fen warms the confirmation path; the measured one completes the transfer and pays the order.
        Ensure(await finance.PostAsJsonAsync($"/api/v1/finance/orders/{order}/bank-transfer-confirmations",
            new { amount = 0.01m, reference = "自选基准（首笔）", receivedAt = DateTimeOffset.UtcNow.AddMinutes(-2) }), "first receipt");
        var clock = Stopwatch.StartNew();
        var paid = await finance.PostAsJsonAsync($"/api/v1/finance/orders/{order}/bank-transfer-confirmations",
            new { amount = total - 0.01m, reference = "自选基准", receivedAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        var payMs = clock.Elapsed.TotalMilliseconds;
        Ensure(paid, await paid.Content.ReadAsStringAsync());
        var codes = await CodesAsync(dataDirectory, order);
        var messages = await MessagesAsync(dataDirectory, order);
        Console.WriteLine($"Gifts benchmark: pay issuing {codes.Count} codes and {messages} messages {payMs:0} ms");
        if (codes.Count != Members || messages != Members)
        {
            throw new InvalidOperationException($"Paying issued {codes.Count} codes and {messages} messages, not {Members}.");
        }
        results.Add(new Result("gift_pay_issues_20k_codes_and_messages", Math.Round(payMs), "ms", 5000, LowerIsBetter: true));

        // 2. The gift page's lookups: 16 clients, each its own connection, while /health/live is polled beside them.
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Clients + 1 };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(app.BaseUrl) };
        for (var i = 0; i < 50; i++)
        {
            Ensure(await http.GetAsync($"/api/v1/gift/{codes[i]}"), "warm-up");
        }
        using var stop = new CancellationTokenSource();
        var health = Task.Run(async () =>
        {
            var times = new List<double>();
            while (!stop.IsCancellationRequested)
            {
                var watch = Stopwatch.StartNew();
                Ensure(await http.GetAsync("/health/live"), "health");
                times.Add(watch.Elapsed.TotalMilliseconds);
                await Task.Delay(20);
            }
            return times;
        });
        var lookups = await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            var times = new List<double>(LookupsPerClient);
            for (var i = 0; i < LookupsPerClient; i++)
            {
                var code = codes[(c * LookupsPerClient + i + 1_000) % codes.Count];
                var watch = Stopwatch.StartNew();
                var response = await http.GetAsync($"/api/v1/gift/{code}");
                await response.Content.ReadAsByteArrayAsync();
                times.Add(watch.Elapsed.TotalMilliseconds);
                Ensure(response, "lookup");
            }
            return times;
        })));
        await stop.CancelAsync();
        var healthTimes = await health;
        var all = lookups.SelectMany(t => t).Order().ToList();
        var p99 = all[(int)Math.Ceiling(all.Count * 0.99) - 1];
        var healthP99 = healthTimes.Order().ElementAt((int)Math.Ceiling(healthTimes.Count * 0.99) - 1);
        Console.WriteLine($"  /gift/{{code}} p99 {p99:0.0} ms over {all.Count} lookups by {Clients} clients (p50 {all[all.Count / 2]:0.0} ms); /health/live beside it p99 {healthP99:0.0} ms");
        results.Add(new Result("gift_lookup_p99_16_clients", Math.Round(p99, 1), "ms", 50, LowerIsBetter: true));
        results.Add(new Result("gift_lookup_health_live_p99_beside", Math.Round(healthP99, 1), "ms", 50, LowerIsBetter: true));

        // 3. 1,000 members choose the hot option (stock 500) at once: exactly 500 succeed.
        var choosers = codes.Skip(5_000).Take(HotChoosers).ToList();
        clock.Restart();
        var responses = await Task.WhenAll(choosers.Select(code => http.PostAsJsonAsync($"/api/v1/gift/{code}/choice", new { option = 0 })));
        var hotMs = clock.Elapsed.TotalMilliseconds;
        var passed = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        var refused = responses.Count(r => r.StatusCode == HttpStatusCode.Conflict);
        var reserved = await ReservedAsync(dataDirectory, hot);
        Console.WriteLine($"  {HotChoosers} concurrent choices on stock {HotStock}: {passed} chose, {refused} refused, {reserved} reserved, {hotMs:0} ms");
        if (passed != HotStock || refused != HotChoosers - HotStock || reserved != HotStock)
        {
            throw new InvalidOperationException($"Oversold or lost: {passed} chose, {refused} refused, {reserved} reserved of {HotStock}.");
        }
        results.Add(new Result("gift_1000_concurrent_choices_stock_500", Math.Round(hotMs), "ms", 3000, LowerIsBetter: true));
        return results;
    }

    private static async Task<(Guid Hot, IReadOnlyList<Guid> Plenty)> SeedSkusAsync(string dataDirectory)
    {
        await using var db = StockImportBenchmark.Database(dataDirectory);
        var supplierId = await db.Users.Where(u => u.Email == "supplier@demo.longpinhui.cn").Select(u => u.SupplierId!.Value).SingleAsync();
        var now = DateTimeOffset.UtcNow;
        var hot = new Product(supplierId, "基准自选热门礼盒", "gift-box", "620103", "", null, [new Sku("GIFT-BENCH-HOT", "1盒", 98m, HotStock, 1, [])], now);
        var plenty = new Product(supplierId, "基准自选商品", "gift-box", "620103", "", null,
            Enumerable.Range(0, 3).Select(i => new Sku($"GIFT-BENCH-{i}", $"{i + 1}份装", 30m + i, 1_000_000, 1, [])), now);
        hot.PublishReviewed(now, 0, null);
        plenty.PublishReviewed(now, 0, null);
        db.Products.AddRange(hot, plenty);
        await db.SaveChangesAsync();
        return (hot.Skus[0].Id, plenty.Skus.Select(s => s.Id).ToList());
    }

    private static async Task<List<string>> CodesAsync(string dataDirectory, Guid order)
    {
        await using var db = StockImportBenchmark.Database(dataDirectory);
        return await db.GiftCodes.IgnoreQueryFilters().Where(g => g.OrderId == order).OrderBy(g => g.RecipientRow).Select(g => g.Code).ToListAsync();
    }

    private static async Task<int> MessagesAsync(string dataDirectory, Guid order)
    {
        await using var db = StockImportBenchmark.Database(dataDirectory);
        return await db.MemberMessages.IgnoreQueryFilters().CountAsync(m => m.OrderId == order);
    }

    private static async Task<int> ReservedAsync(string dataDirectory, Guid sku)
    {
        await using var db = StockImportBenchmark.Database(dataDirectory);
        return await db.Skus.IgnoreQueryFilters().Where(s => s.Id == sku).Select(s => s.Reserved).SingleAsync();
    }

    private static void Ensure(HttpResponseMessage response, string body)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode} {body[..Math.Min(500, body.Length)]}");
        }
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Ensure(response, text);
        return JsonDocument.Parse(text).RootElement;
    }
}
