using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Procurement.Core.Catalog;
using Procurement.Core.Common;
using Procurement.Core.Common.Regions;
using Procurement.Core.Reporting;
using Procurement.Infrastructure.Persistence.Reporting;
using Procurement.Infrastructure.Seeding;

namespace Procurement.Benchmarks;

/// <summary>
/// The federation's report (#23) on the real app process: a province of 1,000 unions (a federation, 20 cities, 979
/// enterprises) whose paid orders hold 1,000,000 order lines over a year, seeded set-based in SQL with the daily
/// aggregates the live writer would have made. The report of the whole province (and of one city) through HTTP, p99
/// ≤ 500 ms, beside the same figures computed directly from the order lines by SQL in the same run (and checked
/// equal). Then the aggregates' cost on submitting and paying an order of 100 lines for 20,000 recipients: the
/// writer's statements for that order, replayed on the same database, against the submit and pay they ride in (≤ 5%).
/// </summary>
internal static class ReportingBenchmark
{
    private const int Unions = 1_000, Cities = 20, LinesPerOrder = 10, Requests = 200, Recipients = 20_000;

    public static async Task<IReadOnlyList<Result>> RunAsync(string appDll, int lines)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "procurement-bench", Guid.NewGuid().ToString("N"));
        await using var app = await AppProcess.StartAsync(appDll, 5112, dataDirectory);
        var database = Path.Combine(dataDirectory, "procurement.db");
        var year = BusinessDate.Year(TimeProvider.System);

        var seeding = Stopwatch.StartNew();
        var (province, city) = Seed(database, lines / LinesPerOrder, year);
        var seedSeconds = seeding.Elapsed.TotalSeconds;
        Console.WriteLine($"Reporting benchmark: {Unions:N0} unions, {lines:N0} order lines seeded in {seedSeconds:0.0} s");

        using var finance = await OrderingBenchmark.BearerAsync(app.BaseUrl, "finance@demo.longpinhui.cn", DemoSeeder.DemoPassword);
        var (provinceP99, provinceTotal) = await ReportP99Async(finance, province, year);
        var (cityP99, cityTotal) = await ReportP99Async(finance, city, year);
        var (directP99, directTotal) = Direct(database, province, year);
        var (cityDirectP99, cityDirectTotal) = Direct(database, city, year);
        Console.WriteLine($"  report p99: province {provinceP99:0.0} ms (direct from lines {directP99:0.0} ms), city {cityP99:0.0} ms (direct {cityDirectP99:0.0} ms)");
        if (provinceTotal != directTotal || cityTotal != cityDirectTotal)
        {
            throw new InvalidOperationException($"The report says {provinceTotal} / {cityTotal}, the order lines {directTotal} / {cityDirectTotal}.");
        }

        var (submitPayMs, writerMs) = await AggregatesCostAsync(app.BaseUrl, dataDirectory);
        var share = writerMs / submitPayMs * 100;
        Console.WriteLine($"  20,000-recipient order: submit + pay {submitPayMs:0} ms, the aggregates' statements {writerMs:0.00} ms ({share:0.000}%)");
        var label = lines >= 1_000_000 ? $"{lines / 1_000_000}m" : $"{lines / 1000}k";
        return
        [
            new Result($"union_report_province_p99_1000_unions_{label}_lines", Math.Round(provinceP99, 1), "ms", 500, LowerIsBetter: true, Bare: Math.Round(directP99, 1)),
            new Result($"union_report_city_p99_{label}_lines", Math.Round(cityP99, 1), "ms", 500, LowerIsBetter: true, Bare: Math.Round(cityDirectP99, 1)),
            new Result("union_report_aggregates_share_of_submit_pay_20k", Math.Round(share, 3), "%", 5, LowerIsBetter: true),
            new Result($"union_report_seed_{label}_lines", Math.Round(seedSeconds, 1), "s", 0, LowerIsBetter: true),
        ];
    }

    private static async Task<(double P99, decimal Total)> ReportP99Async(HttpClient client, Guid unionId, int year)
    {
        var path = $"/api/v1/union/report?year={year}&unionId={unionId}";
        decimal total = 0;
        for (var i = 0; i < 20; i++)
        {
            total = (await client.GetFromJsonAsync<JsonElement>(path)).GetProperty("totals").GetProperty("amount").GetDecimal();
        }
        var times = new List<double>();
        for (var i = 0; i < Requests; i++)
        {
            var clock = Stopwatch.StartNew();
            (await client.GetAsync(path)).EnsureSuccessStatusCode();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return (Percentile(times, 0.99), total);
    }

    /// <summary>
    /// The same report from the order lines: the subtree found by a recursive CTE, then its paid orders' lines of the
    /// year grouped by union, county, month and certification — what the report would cost without the aggregates.
    /// </summary>
    private static (double P99, decimal Total) Direct(string database, Guid root, int year)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        var converter = new Procurement.Infrastructure.Persistence.UtcDateTimeOffsetToBinaryConverter();
        var from = (long)converter.ConvertToProvider(BusinessDate.StartOf(new DateOnly(year, 1, 1)))!;
        var to = (long)converter.ConvertToProvider(BusinessDate.StartOf(new DateOnly(year + 1, 1, 1)))!;
        string[] groupings = ["o.UnionId", "l.OriginCountyCode", "strftime('%m', (o.PaidAt >> 11) / 10000 - 62135596800, 'unixepoch', '+8 hours')", "l.Certified"];
        long fen = 0;
        var times = new List<double>();
        for (var run = 0; run < 12; run++)
        {
            var clock = Stopwatch.StartNew();
            foreach (var grouping in groupings)
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"""
                    WITH RECURSIVE tree(Id) AS (SELECT @root UNION ALL SELECT u.Id FROM Unions AS u JOIN tree ON u.ParentId = tree.Id)
                    SELECT {grouping}, SUM(CAST(ROUND(l.UnitPrice * 100) AS INTEGER) * l.Quantity), COUNT(DISTINCT o.Id)
                    FROM Orders AS o JOIN OrderLines AS l ON l.OrderId = o.Id
                    WHERE o.UnionId IN (SELECT Id FROM tree) AND o.PaidAt >= @from AND o.PaidAt < @to AND o.Status <> 'Refunded'
                    GROUP BY {grouping}
                    """;
                command.Parameters.AddWithValue("@root", root.ToString().ToUpperInvariant());
                command.Parameters.AddWithValue("@from", from);
                command.Parameters.AddWithValue("@to", to);
                using var reader = command.ExecuteReader();
                long sum = 0;
                while (reader.Read())
                {
                    sum += reader.GetInt64(1);
                }
                fen = sum;
            }
            // The first run warms the page cache, as the report's warm-up does.
            if (run > 1)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }
        return (Percentile(times, 0.99), Money.FromFen(fen));
    }

    /// <summary>
    /// The unions and a year of paid orders, set-based: order o belongs to enterprise o % 979 (or, one in ten, to a
    /// city), is paid on day o % 365 at 10:00 Beijing time, and holds 10 lines of one Gansu county (o % the province's
    /// counties), certified two orders in three. The aggregates are then made from those rows by one INSERT … SELECT —
    /// the live writer's rows for such orders. Answers the province's and the first city's ids.
    /// </summary>
    private static (Guid Province, Guid City) Seed(string database, int orders, int year)
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
        var start = BusinessDate.StartOf(new DateOnly(year, 1, 1)).AddHours(10);
        var at0 = (long)converter.ConvertToProvider(start)!;
        var day = (long)converter.ConvertToProvider(start.AddDays(1))! - at0;
        var counties = Regions.All.Where(r => Regions.IsGansuCounty(r.Code)).Select(r => r.Code).ToList();
        Run("DROP TABLE IF EXISTS temp.bench_c; CREATE TEMP TABLE bench_c (k INTEGER PRIMARY KEY, code TEXT)");
        for (var i = 0; i < counties.Count; i++)
        {
            Run("INSERT INTO bench_c VALUES (@k, @code)", ("@k", i), ("@code", counties[i]));
        }
        // Unions: 0 the province, 1–20 the cities, 21–999 the enterprises (each under city 1 + u % 20).
        Run("""
            WITH RECURSIVE n(u) AS (SELECT 0 UNION ALL SELECT u + 1 FROM n WHERE u + 1 < @unions)
            INSERT INTO Unions (Id, Name, Uscc, ProvinceCode, ParentId, MemberCount, AnnualCapPerMember, ApprovalThreshold, TargetCertifiedShare, CreatedAt)
            SELECT printf('00000000-0000-7000-B000-%012X', u),
                CASE WHEN u = 0 THEN '基准省总工会' WHEN u <= @cities THEN '基准市总工会' || u ELSE '基准企业工会' || u END,
                printf('91320000BN%08d', u), '320000',
                CASE WHEN u = 0 THEN NULL WHEN u <= @cities THEN '00000000-0000-7000-B000-000000000000'
                     ELSE printf('00000000-0000-7000-B000-%012X', 1 + u % @cities) END,
                1000, '1800', '0', '0.3', @at0
            FROM n
            """, ("@unions", Unions), ("@cities", Cities), ("@at0", at0));
        Run("""
            DROP TABLE IF EXISTS temp.bench_o;
            CREATE TEMP TABLE bench_o AS
            WITH RECURSIVE n(o) AS (SELECT 0 UNION ALL SELECT o + 1 FROM n WHERE o + 1 < @orders)
            SELECT o, printf('00000000-0000-7000-C000-%012X', o) AS id,
                printf('00000000-0000-7000-B000-%012X', CASE WHEN o % 10 = 0 THEN 1 + o % @cities ELSE @cities + 1 + o % (@unions - @cities - 1) END) AS unionId,
                o % 365 AS d, (SELECT code FROM bench_c WHERE k = o % @counties) AS county, CASE WHEN o % 3 = 0 THEN 0 ELSE 1 END AS certified,
                10 + o % 50 AS price, 5 + o % 20 AS members
            FROM n
            """, ("@orders", orders), ("@cities", Cities), ("@unions", Unions), ("@counties", counties.Count));
        Run("""
            INSERT INTO Orders (Id, UnionId, CreatedBy, Number, Occasion, Status, CreatedAt, SubmittedAt, ApprovedAt, PaidAt, BudgetYear, RecipientCount,
                PackageValue, Version, PackageCount, Total)
            SELECT id, unionId, '00000000-0000-7000-D000-000000000001', printf('RB%08d', o), 'SpringFestival', 'Paid', @at0 + d * @day, @at0 + d * @day,
                @at0 + d * @day, @at0 + d * @day, @year, members, '0', 1, members, printf('%d.00', price * 10 * @lines)
            FROM bench_o
            """, ("@at0", at0), ("@day", day), ("@year", year), ("@lines", LinesPerOrder));
        Run("""
            WITH RECURSIVE k(line) AS (SELECT 0 UNION ALL SELECT line + 1 FROM k WHERE line + 1 < @lines)
            INSERT INTO OrderLines (SkuId, SkuCode, ProductId, ProductName, SupplierId, Quantity, UnitPrice, OriginCityCode, Certified, OriginCountyCode, OrderId)
            SELECT printf('00000000-0000-7000-E000-%012X', line), 'RB-' || line, printf('00000000-0000-7000-F000-%012X', line), '基准商品' || line,
                '00000000-0000-7000-D000-000000000002', 10, printf('%d.00', o.price), substr(o.county, 1, 4) || '00', o.certified, o.county, o.id
            FROM bench_o AS o, k
            ORDER BY o.o, k.line
            """, ("@lines", LinesPerOrder));
        // What the live writer makes of those orders: each order's goods (one county and certification) and the order itself on that row.
        Run("""
            INSERT INTO ReportDailyFigures (UnionId, Day, Channel, CountyCode, Assisted, AmountFen, Orders, Members)
            SELECT unionId, date(@day0, '+' || d || ' days'), 'Platform', county, certified, SUM(price * 100 * 10 * @lines), COUNT(*), SUM(members)
            FROM bench_o GROUP BY unionId, d, county, certified
            ON CONFLICT (UnionId, Day, Channel, CountyCode, Assisted) DO UPDATE SET AmountFen = AmountFen + excluded.AmountFen,
                Orders = Orders + excluded.Orders, Members = Members + excluded.Members
            """, ("@day0", new DateOnly(year, 1, 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("@lines", LinesPerOrder));
        Run("DROP TABLE temp.bench_o; DROP TABLE temp.bench_c");
        transaction.Commit();
        using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        analyze.CommandTimeout = 600;
        analyze.ExecuteNonQuery();
        return (Guid.Parse("00000000-0000-7000-B000-000000000000"), Guid.Parse("00000000-0000-7000-B000-000000000001"));
    }

    /// <summary>
    /// An order of 100 lines (10 products of 10 Gansu counties, half certified) for 20,000 recipients, submitted and
    /// paid through the API and timed; then what the aggregates added to that payment — the writer's upserts for
    /// that order, made by the same rules and statements — replayed on the same database in a transaction rolled back,
    /// the median of 20 replays after a warm-up.
    /// </summary>
    private static async Task<(double SubmitPayMs, double WriterMs)> AggregatesCostAsync(string baseUrl, string dataDirectory)
    {
        var skus = new List<Guid>();
        await using (var db = StockImportBenchmark.Database(dataDirectory))
        {
            var supplierId = await db.Users.Where(u => u.Email == "supplier@demo.longpinhui.cn").Select(u => u.SupplierId!.Value).SingleAsync();
            var counties = Regions.All.Where(r => Regions.IsGansuCounty(r.Code)).Select(r => r.Code).Take(10).ToList();
            var now = DateTimeOffset.UtcNow;
            var today = BusinessDate.Today(TimeProvider.System);
            for (var p = 0; p < 10; p++)
            {
                var certificate = p % 2 == 0 ? new Certificate($"GSXF-BENCH-{p}", "甘肃省乡村振兴局", today.AddDays(-30), today.AddDays(300)) : null;
                var product = new Product(supplierId, $"报表基准商品 {p:D2}", "gift-box", counties[p], "", certificate,
                    Enumerable.Range(0, 10).Select(s => new Sku($"REPORT-BENCH-{p:D2}-{s}", $"{s + 1}份装", 10m, 1_000_000, 1, [])), now);
                product.PublishReviewed(now, 0, null);
                db.Products.Add(product);
                skus.AddRange(product.Skus.Select(s => s.Id));
            }
            await db.SaveChangesAsync();
        }
        using var admin = await OrderingBenchmark.BearerAsync(baseUrl, "admin@demo.longpinhui.cn", DemoSeeder.DemoPassword);
        var year = BusinessDate.Year(TimeProvider.System);
        var first17 = "91320000MA0000023";
        var union = await PostAsync(admin, "/api/v1/admin/unions", new
        {
            name = "报表基准工会", uscc = first17 + Uscc.CheckCharacter(first17), provinceCode = "320000", memberCount = 30_000, annualCapPerMember = 1_000_000m,
            approvalThreshold = 1_000_000_000m, budgets = new[] { new { year, amount = 10_000_000_000m } },
        });
        var unionId = union.GetProperty("id").GetGuid();
        await PostAsync(admin, "/api/v1/admin/users", new { email = "report-purchaser@demo.longpinhui.cn", password = DemoSeeder.DemoPassword, displayName = "报表采购", role = "Purchaser", unionId });
        using var purchaser = await OrderingBenchmark.BearerAsync(baseUrl, "report-purchaser@demo.longpinhui.cn", DemoSeeder.DemoPassword);
        using var finance = await OrderingBenchmark.BearerAsync(baseUrl, "finance@demo.longpinhui.cn", DemoSeeder.DemoPassword);

        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders")
        {
            Content = JsonContent.Create(new { occasion = "MidAutumn", lines = skus.Select(id => new { skuId = id, quantity = Recipients }) }),
        };
        create.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var order = (await Ensure(await purchaser.SendAsync(create))).GetProperty("id").GetGuid();
        var csv = new StringBuilder("姓名,手机号,省,市,区县,详细地址,份数\n");
        for (var i = 0; i < Recipients; i++)
        {
            csv.Append("职工").Append(i + 1).Append(',').Append((15_000_000_000L + i).ToString(CultureInfo.InvariantCulture)).Append(",江苏省,南京市,鼓楼区,幸福路").Append(i + 1).Append("号,1\n");
        }
        await Ensure(await purchaser.PutAsync($"/api/v1/orders/{order}/recipients",
            new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString())), "file", "recipients.csv" } }));
        var total = (await purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}")).GetProperty("total").GetDecimal();
        // A first receipt of 1 fen warms the confirmation path; the measured one completes the transfer and pays.
        var clock = Stopwatch.StartNew();
        await Ensure(await purchaser.PostAsync($"/api/v1/orders/{order}/submit", null));
        var submitMs = clock.Elapsed.TotalMilliseconds;
        await Ensure(await finance.PostAsJsonAsync($"/api/v1/finance/orders/{order}/bank-transfer-confirmations",
            new { amount = 0.01m, reference = "报表基准（首笔）", receivedAt = DateTimeOffset.UtcNow.AddMinutes(-2) }));
        clock.Restart();
        await Ensure(await finance.PostAsJsonAsync($"/api/v1/finance/orders/{order}/bank-transfer-confirmations",
            new { amount = total - 0.01m, reference = "报表基准", receivedAt = DateTimeOffset.UtcNow.AddMinutes(-1) }));
        var payMs = clock.Elapsed.TotalMilliseconds;

        await using var replay = StockImportBenchmark.Database(dataDirectory);
        var paid = await replay.Orders.IgnoreQueryFilters().AsNoTracking().SingleAsync(o => o.Id == order);
        var rows = await replay.ReportDailyFigures.IgnoreQueryFilters().CountAsync(f => f.UnionId == unionId);
        if (paid.Status != Core.Ordering.OrderStatus.Paid || rows == 0)
        {
            throw new InvalidOperationException($"The order is {paid.Status} with {rows} report rows.");
        }
        var times = new List<double>();
        for (var i = 0; i < 23; i++)
        {
            await using var transaction = await replay.Database.BeginTransactionAsync();
            clock.Restart();
            var deltas = ReportFigures.Whole(paid.UnionId, BusinessDate.Of(paid.PaidAt!.Value), ReportChannels.Platform, ReportFigures.LinesOf(paid), paid.RecipientCount, 1);
            foreach (var delta in deltas)
            {
                await replay.Database.ExecuteSqlAsync(ReportingSql.Sqlite.Add(delta));
            }
            var elapsed = clock.Elapsed.TotalMilliseconds;
            await transaction.RollbackAsync();
            if (i >= 3)
            {
                times.Add(elapsed);
            }
        }
        times.Sort();
        Console.WriteLine($"  submit {submitMs:0} ms, pay {payMs:0} ms; {rows} report rows for the order");
        return (submitMs + payMs, times[times.Count / 2]);
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body) => await Ensure(await client.PostAsJsonAsync(path, body));

    private static async Task<JsonElement> Ensure(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode} {text[..Math.Min(500, text.Length)]}");
        }
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }
}
