using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Procurement.Core.Catalog;
using Procurement.Infrastructure.Seeding;

namespace Procurement.Benchmarks;

/// <summary>
/// Issue #21's target: the package builder's stock check answers in ≤ 100 ms (p99) for a 10-line package at 3,000
/// packages, on the demo catalog, with three 兰州百合 lines short (so the alternatives' read runs too). Beside it, in
/// the same run and process, the purchase list's read (<c>GET /api/v1/purchase-list</c>): the cost of any
/// authenticated API call on this machine, so the ratio says what the check adds.
/// </summary>
internal static class StockCheckBenchmark
{
    private const int Packages = 3_000, Lines = 10;

    public static async Task<IReadOnlyList<Result>> RunAsync(string appDll, bool quick)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "procurement-bench", Guid.NewGuid().ToString("N"));
        await using var app = await AppProcess.StartAsync(appDll, 5111, dataDirectory);
        var lines = await PackageAsync(dataDirectory);
        using var purchaser = await OrderingBenchmark.BearerAsync(app.BaseUrl, "purchaser@demo.longpinhui.cn", DemoSeeder.DemoPassword);
        var body = new { packages = Packages, lines = lines.Select(id => new { skuId = id, perPackage = 1 }).ToList() };

        var first = await purchaser.PostAsJsonAsync("/api/v1/purchase-list/stock-check", body);
        var answer = await first.Content.ReadFromJsonAsync<JsonElement>();
        if (!first.IsSuccessStatusCode || answer.GetProperty("shortages").GetArrayLength() == 0)
        {
            throw new InvalidOperationException($"The stock check did not find the short lines: {(int)first.StatusCode} {answer}");
        }
        var calls = quick ? 100 : 500;
        var check = await TimeAsync(calls, () => purchaser.PostAsJsonAsync("/api/v1/purchase-list/stock-check", body));
        var read = await TimeAsync(calls, () => purchaser.GetAsync("/api/v1/purchase-list"));
        Console.WriteLine($"Stock check ({Lines} lines × {Packages:N0}, {answer.GetProperty("shortages").GetArrayLength()} short): p50 {check.P50:0.0} ms, p99 {check.P99:0.0} ms; " +
            $"purchase-list read p50 {read.P50:0.0} ms, p99 {read.P99:0.0} ms ({calls} calls each)");
        return
        [
            new Result("stock_check_10_lines_3000_packages_p50", Math.Round(check.P50, 1), "ms", 100, LowerIsBetter: true, Bare: Math.Round(read.P50, 1)),
            new Result("stock_check_10_lines_3000_packages_p99", Math.Round(check.P99, 1), "ms", 100, LowerIsBetter: true, Bare: Math.Round(read.P99, 1)),
        ];
    }

    /// <summary>Ten published demo SKUs: the three 兰州百合 ones with the most stock (none has 3,000) and seven others.</summary>
    private static async Task<IReadOnlyList<Guid>> PackageAsync(string dataDirectory)
    {
        await using var db = StockImportBenchmark.Database(dataDirectory);
        var published = db.Skus.IgnoreQueryFilters().AsNoTracking()
            .Join(db.Products.IgnoreQueryFilters().Where(p => p.Status == ProductStatus.Published), s => s.ProductId, p => p.Id, (s, p) => new { s.Id, s.Code, p.Name });
        var lily = await published.Where(x => x.Name.StartsWith("兰州百合")).OrderBy(x => x.Code).Select(x => x.Id).Take(3).ToListAsync();
        var others = await published.Where(x => !x.Name.Contains("百合")).OrderBy(x => x.Code).Select(x => x.Id).Take(Lines - lily.Count).ToListAsync();
        return [.. lily, .. others];
    }

    private static async Task<(double P50, double P99)> TimeAsync(int calls, Func<Task<HttpResponseMessage>> call)
    {
        for (var i = 0; i < 5; i++)
        {
            (await call()).EnsureSuccessStatusCode();
        }
        var times = new List<double>(calls);
        var clock = new Stopwatch();
        for (var i = 0; i < calls; i++)
        {
            clock.Restart();
            using var response = await call();
            await response.Content.ReadAsByteArrayAsync();
            times.Add(clock.Elapsed.TotalMilliseconds);
            response.EnsureSuccessStatusCode();
        }
        times.Sort();
        return (times[(int)(0.50 * (times.Count - 1))], times[(int)Math.Ceiling(0.99 * (times.Count - 1))]);
    }
}
