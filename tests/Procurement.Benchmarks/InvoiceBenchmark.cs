using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Procurement.Infrastructure.Seeding;

namespace Procurement.Benchmarks;

/// <summary>
/// Finance's invoice list (#22) at scale on the real app process: the p99 of <c>GET /api/v1/finance/invoices</c> —
/// rotating through no filter, a status, a supplier, days overdue since delivery and a deep page — over 1,000 invoices
/// and then over 100,000 in the same run. Orders and invoices are seeded set-based in SQL (one paid order of one
/// supplier per invoice, 70% of them delivered over the last 60 days, statuses mixed as a busy month leaves them).
/// </summary>
internal static class InvoiceBenchmark
{
    private const int Baseline = 1_000;
    private const int Requests = 400;

    public static async Task<IReadOnlyList<Result>> RunAsync(string appDll, int invoices)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "procurement-bench", Guid.NewGuid().ToString("N"));
        await using var app = await AppProcess.StartAsync(appDll, 5110, dataDirectory);
        using var finance = await OrderingBenchmark.BearerAsync(app.BaseUrl, "finance@demo.longpinhui.cn", DemoSeeder.DemoPassword);
        var database = Path.Combine(dataDirectory, "procurement.db");

        Seed(database, 0, Baseline);
        var supplier = await SupplierAsync(finance);
        var small = await ListP99Async(finance, supplier);
        var seeded = Stopwatch.StartNew();
        Seed(database, Baseline, invoices);
        var seedSeconds = seeded.Elapsed.TotalSeconds;
        var big = await ListP99Async(finance, supplier);
        var label = invoices >= 1_000 ? $"{invoices / 1000}k" : invoices.ToString(CultureInfo.InvariantCulture);
        Console.WriteLine($"Invoice benchmark: finance list p99 {big:0.0} ms over {invoices:N0} invoices (seeded in {seedSeconds:0.0} s), {small:0.0} ms over {Baseline:N0}");
        return
        [
            new Result($"finance_invoice_list_p99_{label}_invoices", Math.Round(big, 1), "ms", 50, LowerIsBetter: true, Bare: Math.Round(small, 1)),
        ];
    }

    private static async Task<Guid> SupplierAsync(HttpClient finance)
    {
        var page = await finance.GetFromJsonAsync<JsonElement>("/api/v1/finance/invoices?pageSize=1");
        return page.GetProperty("items")[0].GetProperty("supplierId").GetGuid();
    }

    private static async Task<double> ListP99Async(HttpClient finance, Guid supplier)
    {
        string[] queries =
        [
            "/api/v1/finance/invoices",
            "/api/v1/finance/invoices?status=Requested",
            $"/api/v1/finance/invoices?supplierId={supplier}&status=Issued",
            "/api/v1/finance/invoices?overdueDays=15",
            "/api/v1/finance/invoices?status=RedRequired&page=3",
            "/api/v1/finance/invoices?page=40&pageSize=50",
        ];
        for (var i = 0; i < 30; i++)
        {
            (await finance.GetAsync(queries[i % queries.Length])).EnsureSuccessStatusCode();
        }
        var times = new List<double>();
        var byQuery = queries.ToDictionary(q => q, _ => new List<double>());
        for (var i = 0; i < Requests; i++)
        {
            var query = queries[i % queries.Length];
            var clock = Stopwatch.StartNew();
            var answer = await finance.GetAsync(query);
            await answer.Content.ReadAsByteArrayAsync();
            times.Add(clock.Elapsed.TotalMilliseconds);
            byQuery[query].Add(clock.Elapsed.TotalMilliseconds);
            answer.EnsureSuccessStatusCode();
        }
        Console.WriteLine("  " + string.Join("; ", byQuery.Select(q => $"{q.Key[(q.Key.IndexOf('?') + 1)..]} p50 {Percentile(q.Value, 0.5):0.0} ms, max {q.Value.Max():0.0} ms")));
        return Percentile(times, 0.99);
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    /// <summary>Orders and invoices <paramref name="from"/>–<paramref name="to"/> (exclusive) of the demo union and its first eight suppliers.</summary>
    private static void Seed(string database, int from, int to)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, DefaultTimeout = 60, ForeignKeys = false }.ToString());
        connection.Open();
        using var transaction = connection.BeginTransaction();
        void Run(string sql, params (string Name, object Value)[] parameters)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.CommandTimeout = 600;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }
            command.ExecuteNonQuery();
        }
        var converter = new Procurement.Infrastructure.Persistence.UtcDateTimeOffsetToBinaryConverter();
        var now = DateTimeOffset.UtcNow;
        var at0 = (long)converter.ConvertToProvider(now.AddDays(-90))!;
        var second = (long)converter.ConvertToProvider(now.AddDays(-90).AddSeconds(1))! - at0;
        Run("DROP TABLE IF EXISTS temp.bench_s; DROP TABLE IF EXISTS temp.bench_n");
        Run("CREATE TEMP TABLE bench_s AS SELECT ROW_NUMBER() OVER (ORDER BY Id) - 1 AS k, Id FROM (SELECT Id FROM Suppliers ORDER BY Id LIMIT 8)");
        Run("""
            CREATE TEMP TABLE bench_n AS
            WITH RECURSIVE n(i) AS (SELECT @from UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @to)
            SELECT i, printf('00000000-0000-7000-B000-%012X', i) AS orderId, printf('00000000-0000-7000-C000-%012X', i) AS invoiceId,
                printf('BI%08d', i) AS number, (i % 900) * 100 + 10000 AS fen,
                @at0 + (i * 77 % (90 * 86400)) * @second AS createdAt,
                CASE WHEN i % 10 < 7 THEN @at0 + ((i * 77 % (90 * 86400)) + 86400 * 3) * @second END AS deliveredAt,
                CASE WHEN i % 20 = 0 THEN 'RedRequired' WHEN i % 20 = 1 THEN 'Voided' WHEN i % 20 < 10 THEN 'Requested' ELSE 'Issued' END AS status
            FROM n
            """, ("@from", from), ("@to", to), ("@at0", at0), ("@second", second));
        Run("""
            INSERT INTO Orders (Id, UnionId, CreatedBy, Number, Occasion, Status, CreatedAt, PaidAt, DeliveredAt, RecipientCount, PackageCount, PackageValue, Total, Version)
            SELECT n.orderId, (SELECT Id FROM Unions ORDER BY Id LIMIT 1), '00000000-0000-7000-D000-000000000001', n.number, 'MidAutumn',
                CASE WHEN n.deliveredAt IS NULL THEN 'Paid' ELSE 'Delivered' END, n.createdAt, n.createdAt, n.deliveredAt, 1, 1,
                printf('%d.%02d', n.fen / 100, n.fen % 100), printf('%d.%02d', n.fen / 100, n.fen % 100), 1
            FROM bench_n AS n
            """);
        Run("""
            INSERT INTO Invoices (Id, OrderId, OrderNumber, UnionId, SupplierId, Type, Title, TaxNumber, Email, ShareFen, RefundedFen, RefundedPackages, Status,
                RedReason, Number, IssuedOn, IssuedFen, DocumentId, DeliveredAt, CreatedAt, UpdatedAt, Version)
            SELECT n.invoiceId, n.orderId, n.number, (SELECT Id FROM Unions ORDER BY Id LIMIT 1), s.Id, CASE WHEN n.i % 4 = 0 THEN 'Special' ELSE 'Normal' END,
                '兰州市总工会', '81620100MC1234567X', NULL, n.fen, CASE WHEN n.status = 'Voided' THEN n.fen ELSE 0 END, 0, n.status,
                CASE WHEN n.status = 'RedRequired' THEN 'Refund' END,
                CASE WHEN n.status IN ('Issued', 'RedRequired') THEN printf('2462%016d', n.i) END,
                CASE WHEN n.status IN ('Issued', 'RedRequired') THEN '2026-11-01' END,
                CASE WHEN n.status IN ('Issued', 'RedRequired') THEN n.fen END, NULL, n.deliveredAt, n.createdAt, n.createdAt, 1
            FROM bench_n AS n JOIN bench_s AS s ON s.k = n.i % (SELECT COUNT(*) FROM bench_s)
            """);
        Run("DROP TABLE temp.bench_n; DROP TABLE temp.bench_s");
        transaction.Commit();
        using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        analyze.CommandTimeout = 600;
        analyze.ExecuteNonQuery();
    }
}
