using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Procurement.Core.Common;

namespace Procurement.Benchmarks;

/// <summary>
/// <c>scripts/bench.sh</c> runs this. End-to-end figures are plain timed loops against a real app process on
/// 127.0.0.1; micro figures use BenchmarkDotNet (<c>micro</c> argument). Results go to artifacts/bench/results.json
/// as <c>[{ name, value, unit, baseline, ratio }]</c>, where baseline is the target and ratio = value / baseline.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["partners-worker", var directory, var csv, var rows])
        {
            return await PartnersBenchmark.WorkerAsync(directory, csv, int.Parse(rows, CultureInfo.InvariantCulture));
        }
        if (args.Contains("micro"))
        {
            BenchmarkRunner.Run<ValueTypeBenchmarks>(args: args.Where(a => a != "micro").ToArray());
            return 0;
        }
        var quick = args.Contains("--quick");
        var appDll = Option(args, "--app") ?? throw new ArgumentException("--app <path to Procurement.Web.dll> is required");
        var output = Option(args, "--out") ?? "artifacts/bench/results.json";
        var results = new List<Result>();

        if (args.Contains("--report-only"))
        {
            // Only the union report's figures (issue #23), kept beside the others of the last full run.
            results.AddRange(await ReportingBenchmark.RunAsync(appDll, quick ? 100_000 : 1_000_000));
            return await WriteAsync(output, results);
        }
        if (args.Contains("--signin-only"))
        {
            // Only the sign-in figures (issue #21), kept beside the others of the last full run.
            results.AddRange(await SignInBenchmark.RunAsync(appDll, quick));
            return await WriteAsync(output, results);
        }
        if (args.Contains("--gifts-only"))
        {
            // Only member choice's figures (issue #24), kept beside the others of the last full run.
            results.AddRange(await GiftsBenchmark.RunAsync(appDll));
            return await WriteAsync(output, results);
        }
        var coldStarts = new List<double>();
        for (var i = 0; i < (quick ? 1 : 3); i++)
        {
            await using var app = await AppProcess.StartAsync(appDll, 5091);
            coldStarts.Add(app.ReadySeconds);
            if (i == 0)
            {
                results.Add(await LoginThroughputAsync(app.BaseUrl, quick ? 3 : 10));
                results.Add(await AdminListThroughputAsync(app.BaseUrl, quick ? 3 : 10));
            }
        }
        coldStarts.Sort();
        results.Insert(0, new Result("cold_start_to_ready_with_demo_seed", Math.Round(coldStarts[coldStarts.Count / 2], 2), "s", 5, LowerIsBetter: true));
        results.AddRange(PasswordHashCeiling());
        if (!args.Contains("--no-signin"))
        {
            results.AddRange(await SignInBenchmark.RunAsync(appDll, quick));
        }
        if (!args.Contains("--no-search"))
        {
            results.AddRange(await SearchBenchmark.RunAsync(appDll, quick));
        }
        if (!args.Contains("--no-import"))
        {
            results.AddRange(await StockImportBenchmark.RunAsync(appDll));
        }
        if (!args.Contains("--no-upload-limits"))
        {
            results.AddRange(await UploadLimitsBenchmark.RunAsync(appDll));
        }
        if (!args.Contains("--no-ordering"))
        {
            results.AddRange(await OrderingBenchmark.RunAsync(appDll));
        }
        if (!args.Contains("--no-gifts"))
        {
            results.AddRange(await GiftsBenchmark.RunAsync(appDll));
        }
        if (!args.Contains("--no-stock-check"))
        {
            results.AddRange(await StockCheckBenchmark.RunAsync(appDll, quick));
        }
        if (!args.Contains("--no-payments"))
        {
            results.AddRange(await PaymentsBenchmark.RunAsync(appDll));
        }
        if (!args.Contains("--no-partners"))
        {
            results.AddRange(await PartnersBenchmark.RunAsync(quick ? 100_000 : 1_000_000));
        }
        if (!args.Contains("--no-invoices"))
        {
            results.AddRange(await InvoiceBenchmark.RunAsync(appDll, quick ? 20_000 : 100_000));
        }
        if (!args.Contains("--no-ledger"))
        {
            results.AddRange(await LedgerBenchmark.RunAsync(appDll, quick ? 100_000 : 1_000_000));
        }
        if (!args.Contains("--no-report"))
        {
            results.AddRange(await ReportingBenchmark.RunAsync(appDll, quick ? 100_000 : 1_000_000));
        }

        return await WriteAsync(output, results);
    }

    private static async Task<int> WriteAsync(string output, List<Result> results)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        // A partial run (--no-search, --no-import) updates its own figures and keeps the others from the last run.
        var kept = File.Exists(output)
            ? JsonSerializer.Deserialize<List<JsonElement>>(await File.ReadAllTextAsync(output))!
                .Where(e => results.All(r => r.Name != e.GetProperty("name").GetString()))
                .Select(Result.FromJson)
                .ToList()
            : [];
        results = [.. kept, .. results];
        var json = JsonSerializer.Serialize(results.Select(r => new
        {
            name = r.Name,
            value = r.Value,
            unit = r.Unit,
            baseline = r.Baseline,
            ratio = r.Baseline == 0 ? (double?)null : Math.Round(r.Value / r.Baseline, 3),
            meets_target = r.Baseline == 0 ? (bool?)null : r.LowerIsBetter ? r.Value <= r.Baseline : r.Value >= r.Baseline,
            lower_is_better = r.LowerIsBetter,
            bare_baseline = r.Bare,
            ratio_to_bare = r.Bare is > 0 ? Math.Round(r.Value / r.Bare.Value, 2) : (double?)null,
        }), new JsonSerializerOptions { WriteIndented = true });
        await File.WriteAllTextAsync(output, json);
        Console.WriteLine(json);
        return 0;
    }

    /// <summary>
    /// What one password check costs with Identity's default hasher (PBKDF2-HMAC-SHA512, 100,000 iterations), and
    /// so the most logins per second this machine's cores can verify, whatever the rest of the code does.
    /// </summary>
    private static IEnumerable<Result> PasswordHashCeiling()
    {
        var hasher = new Microsoft.AspNetCore.Identity.PasswordHasher<object>();
        var hash = hasher.HashPassword(new object(), "Longpin@2026");
        hasher.VerifyHashedPassword(new object(), hash, "Longpin@2026");
        var clock = Stopwatch.StartNew();
        const int Rounds = 20;
        for (var i = 0; i < Rounds; i++)
        {
            hasher.VerifyHashedPassword(new object(), hash, "Longpin@2026");
        }
        var milliseconds = clock.Elapsed.TotalMilliseconds / Rounds;
        yield return new Result("password_verify_cost", Math.Round(milliseconds, 2), "ms", 1000.0 * Environment.ProcessorCount / 300, LowerIsBetter: true);
        yield return new Result("login_ceiling_from_hashing", Math.Round(1000.0 * Environment.ProcessorCount / milliseconds, 1), "req/s", 300, LowerIsBetter: false);
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static async Task<Result> LoginThroughputAsync(string baseUrl, int seconds)
    {
        var count = await LoadAsync(baseUrl, seconds, 16, async client =>
        {
            var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "admin@demo.longpinhui.cn", password = "Longpin@2026" });
            return response.IsSuccessStatusCode;
        });
        return new Result("login_throughput", Math.Round(count / (double)seconds, 1), "req/s", 300, LowerIsBetter: false);
    }

    private static async Task<Result> AdminListThroughputAsync(string baseUrl, int seconds)
    {
        using var login = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var token = (await (await login.PostAsJsonAsync("/api/v1/auth/login", new { email = "admin@demo.longpinhui.cn", password = "Longpin@2026" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        var count = await LoadAsync(baseUrl, seconds, 16, async client =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/suppliers?page=1&pageSize=20");
            request.Headers.Authorization = new("Bearer", token);
            return (await client.SendAsync(request)).IsSuccessStatusCode;
        });
        return new Result("admin_supplier_list_throughput", Math.Round(count / (double)seconds, 1), "req/s", 1000, LowerIsBetter: false);
    }

    /// <summary>Bounded in time and aimed at loopback only: <paramref name="workers"/> clients loop until the clock runs out.</summary>
    internal static async Task<long> LoadAsync(string baseUrl, int seconds, int workers, Func<HttpClient, Task<bool>> call)
    {
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var stopAt = Stopwatch.StartNew();
        long ok = 0;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (stopAt.Elapsed.TotalSeconds < seconds)
            {
                if (await call(client))
                {
                    Interlocked.Increment(ref ok);
                }
            }
        }));
        return ok;
    }

}

/// <param name="Baseline">The target; <c>ratio = value / baseline</c>.</param>
/// <param name="Bare">A bare baseline measured in the same run (the same work done by a plain prepared-statement loop), when there is one.</param>
internal sealed record Result(string Name, double Value, string Unit, double Baseline, bool LowerIsBetter, double? Bare = null)
{
    /// <summary>A figure from an earlier results.json (files from before lower_is_better was written infer it from meets_target).</summary>
    public static Result FromJson(JsonElement e)
    {
        var (value, baseline) = (e.GetProperty("value").GetDouble(), e.GetProperty("baseline").GetDouble());
        var lowerIsBetter = e.TryGetProperty("lower_is_better", out var lower)
            ? lower.GetBoolean()
            : e.GetProperty("meets_target") is { ValueKind: JsonValueKind.True or JsonValueKind.False } met && met.GetBoolean() == (value <= baseline);
        var bare = e.TryGetProperty("bare_baseline", out var b) && b.ValueKind == JsonValueKind.Number ? b.GetDouble() : (double?)null;
        return new Result(e.GetProperty("name").GetString()!, value, e.GetProperty("unit").GetString()!, baseline, lowerIsBetter, bare);
    }
}

/// <summary>The web app as a separate process on a fresh data directory, as a user would start it.</summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDirectory;

    private AppProcess(Process process, string dataDirectory, string baseUrl, double readySeconds)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        BaseUrl = baseUrl;
        ReadySeconds = readySeconds;
    }

    public string BaseUrl { get; }
    public double ReadySeconds { get; }

    /// <summary>Resident memory of the process now, from /proc (Linux).</summary>
    public double ResidentMegabytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    public static async Task<AppProcess> StartAsync(string appDll, int port, string? dataDirectory = null, IEnumerable<string>? settings = null)
    {
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "procurement-bench", Guid.NewGuid().ToString("N"));
        var baseUrl = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        var start = new ProcessStartInfo("dotnet", [appDll, "--urls", baseUrl, "--Storage:DataDirectory", dataDirectory, "--Seed:Demo", "true", "--Seed:AllowDemoInProduction", "true",
            "--RateLimits:AuthPerIpPerMinute", "1000000", "--RateLimits:LoginPerAccountPerMinute", "1000000", "--RateLimits:SearchPerIpPerMinute", "1000000", "--Serilog:MinimumLevel:Default", "Warning", .. settings ?? []])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(appDll)!,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start)!;
        // BENCH_APP_LOG=file keeps the app's console output (with Serilog__MinimumLevel__Override__Procurement=Information,
        // the import's phase timings) for finding where a figure's time goes.
        var log = Environment.GetEnvironmentVariable("BENCH_APP_LOG") is { Length: > 0 } path
            ? TextWriter.Synchronized(new StreamWriter(path, append: true) { AutoFlush = true })
            : TextWriter.Null;
        process.OutputDataReceived += (_, line) => log.WriteLine(line.Data);
        process.ErrorDataReceived += (_, line) => log.WriteLine(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                if ((await probe.GetAsync($"{baseUrl}/health/ready")).IsSuccessStatusCode)
                {
                    return new AppProcess(process, dataDirectory, baseUrl, clock.Elapsed.TotalSeconds);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but busy starting.
            }
            await Task.Delay(25);
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException("The app did not become ready within 60 s.");
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}

[MemoryDiagnoser]
public class ValueTypeBenchmarks
{
    [Benchmark]
    public bool UsccIsValid() => Uscc.IsValid("91350100M000100Y43");

    [Benchmark]
    public bool MobileIsValid() => MobileNumber.IsValid("13909320031");
}
