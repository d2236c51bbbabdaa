using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Procurement.Core.Common;
using Procurement.Infrastructure.Seeding;

namespace Procurement.Benchmarks;

/// <summary>
/// The books at scale on the real app process: the trial balance's p99 (today, and as of a past day) over 1,000
/// entries and then over 1,000,000 in the same run, and the daily proof's duration (<c>POST …/ledger/checks</c>) at
/// both sizes. Entries are seeded set-based in SQL, four a bank-paid order as the posting rules make them (receipt
/// into suspense, applied to held, two suppliers' deliveries), with the order's payment record beside them.
/// </summary>
internal static class LedgerBenchmark
{
    private const int Baseline = 1_000;
    private const int Requests = 300;

    public static async Task<IReadOnlyList<Result>> RunAsync(string appDll, int entries)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "procurement-bench", Guid.NewGuid().ToString("N"));
        await using var app = await AppProcess.StartAsync(appDll, 5098, dataDirectory);
        using var login = await OrderingBenchmark.BearerAsync(app.BaseUrl, "finance@demo.longpinhui.cn", DemoSeeder.DemoPassword);
        // The proof over a million entries may take longer than a client's default 100 s if it regresses: let it finish and be measured.
        using var finance = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromMinutes(5) };
        finance.DefaultRequestHeaders.Authorization = login.DefaultRequestHeaders.Authorization;
        var database = Path.Combine(dataDirectory, "procurement.db");

        var seeded = Stopwatch.StartNew();
        Seed(database, 0, Baseline, rebuild: false);
        var smallSeed = seeded.Elapsed.TotalSeconds;
        var (smallToday, smallPast) = await TrialBalanceP99Async(finance);
        var smallCheck = await CheckSecondsAsync(finance);
        Console.WriteLine($"Ledger benchmark, {Baseline:N0} entries (seeded through the trigger in {smallSeed:0.00} s): trial balance p99 {smallToday:0.0} ms (past day {smallPast:0.0} ms), check {smallCheck:0.00} s");

        seeded.Restart();
        Seed(database, Baseline, entries, rebuild: true);
        var bigSeed = seeded.Elapsed.TotalSeconds;
        var (bigToday, bigPast) = await TrialBalanceP99Async(finance);
        var bigCheck = await CheckSecondsAsync(finance);
        Console.WriteLine($"  {entries:N0} entries (seeded in {bigSeed:0.0} s): trial balance p99 {bigToday:0.0} ms (past day {bigPast:0.0} ms), check {bigCheck:0.00} s");
        var label = entries >= 1_000_000 ? $"{entries / 1_000_000}m" : $"{entries / 1000}k";
        return
        [
            new Result($"ledger_trial_balance_p99_{label}_entries", Math.Round(bigToday, 1), "ms", 50, LowerIsBetter: true, Bare: Math.Round(smallToday, 1)),
            new Result($"ledger_trial_balance_as_of_past_day_p99_{label}_entries", Math.Round(bigPast, 1), "ms", 50, LowerIsBetter: true, Bare: Math.Round(smallPast, 1)),
            new Result($"ledger_check_{label}_entries", Math.Round(bigCheck, 2), "s", 10, LowerIsBetter: true, Bare: Math.Round(smallCheck, 2)),
            new Result($"ledger_seed_{label}_entries", Math.Round(bigSeed, 1), "s", 0, LowerIsBetter: true),
        ];
    }

    private static async Task<(double Today, double Past)> TrialBalanceP99Async(HttpClient finance)
    {
        var past = BusinessDate.Today(TimeProvider.System).AddDays(-180).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        for (var i = 0; i < 30; i++)
        {
            (await finance.GetAsync("/api/v1/finance/ledger/trial-balance")).EnsureSuccessStatusCode();
            (await finance.GetAsync($"/api/v1/finance/ledger/trial-balance?asOf={past}")).EnsureSuccessStatusCode();
        }
        var today = new List<double>();
        var before = new List<double>();
        for (var i = 0; i < Requests; i++)
        {
            var clock = Stopwatch.StartNew();
            var answer = await finance.GetFromJsonAsync<JsonElement>("/api/v1/finance/ledger/trial-balance");
            today.Add(clock.Elapsed.TotalMilliseconds);
            if (answer.GetProperty("totalDebit").GetDecimal() != answer.GetProperty("totalCredit").GetDecimal())
            {
                throw new InvalidOperationException("The trial balance does not balance.");
            }
            clock.Restart();
            (await finance.GetAsync($"/api/v1/finance/ledger/trial-balance?asOf={past}")).EnsureSuccessStatusCode();
            before.Add(clock.Elapsed.TotalMilliseconds);
        }
        return (Percentile(today, 0.99), Percentile(before, 0.99));
    }

    private static async Task<double> CheckSecondsAsync(HttpClient finance)
    {
        var clock = Stopwatch.StartNew();
        var answer = await finance.PostAsync("/api/v1/finance/ledger/checks", null);
        var seconds = clock.Elapsed.TotalSeconds;
        var text = await answer.Content.ReadAsStringAsync();
        if (!answer.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"ledger check: {(int)answer.StatusCode} {text}");
        }
        var run = JsonDocument.Parse(text).RootElement;
        Console.WriteLine($"  check read {run.GetProperty("entries").GetInt64():N0} entries, {run.GetProperty("lines").GetInt64():N0} lines: {run.GetProperty("breaks").GetInt32()} breaks " +
                          $"({string.Join(", ", run.GetProperty("open").EnumerateArray().Select(b => b.GetProperty("kind").GetString()).Distinct())})");
        return seconds;
    }

    /// <summary>
    /// Entries <paramref name="from"/>–<paramref name="to"/> (exclusive), spread over the last year: entry i belongs to
    /// order i / 4 and is its receipt, its application, or one of its two deliveries. With <paramref name="rebuild"/>
    /// the balances trigger is set aside, the lines inserted in one statement and the kept balances and days added
    /// from them in two more (the trigger's two upserts a line would be the seed's largest cost); the trigger is put
    /// back as it was, in the same transaction. The payments name orders that are not there (foreign keys off for the
    /// seed): the proof reads the orders' numbers and states by a join, which finds none.
    /// </summary>
    private static void Seed(string database, int from, int to, bool rebuild)
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
        string? Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            return command.ExecuteScalar() as string;
        }
        var offset = long.Parse(Scalar("SELECT CAST(COALESCE(MAX(Id), 0) AS TEXT) FROM LedgerEntries")!, CultureInfo.InvariantCulture);
        var perDay = Math.Max(1, to / 365);
        var firstDay = BusinessDate.Today(TimeProvider.System).AddDays(-(to - 1) / perDay);
        var converter = new Procurement.Infrastructure.Persistence.UtcDateTimeOffsetToBinaryConverter();
        var start = BusinessDate.StartOf(firstDay).AddHours(9);
        var at0 = (long)converter.ConvertToProvider(start)!;
        var second = (long)converter.ConvertToProvider(start.AddSeconds(1))! - at0;
        Run("DROP TABLE IF EXISTS temp.bench_n; DROP TABLE IF EXISTS temp.bench_s");
        Run("CREATE TEMP TABLE bench_s AS SELECT ROW_NUMBER() OVER (ORDER BY Id) - 1 AS k, Id FROM (SELECT Id FROM Suppliers ORDER BY Id LIMIT 8)");
        var suppliers = long.Parse(Scalar("SELECT CAST(COUNT(*) AS TEXT) FROM bench_s")!, CultureInfo.InvariantCulture);
        Run("""
            CREATE TEMP TABLE bench_n AS
            WITH RECURSIVE n(i) AS (SELECT @from UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @to)
            SELECT i, i / 4 AS o, i % 4 AS k, ((i / 4) % 900) * 100 + 10000 AS t, i / @perDay AS d,
                printf('00000000-0000-7000-8000-%012X', i / 4) AS orderId,
                CAST(strftime('%Y%m%d', @day0, '+' || (i / @perDay) || ' days') AS INTEGER) AS dayKey
            FROM n
            """, ("@from", from), ("@to", to), ("@perDay", perDay), ("@day0", (object)firstDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        Run("""
            INSERT INTO LedgerEntries (Id, "Key", Kind, At, Day, OrderId, SupplierId, Reference, "By")
            SELECT @offset + n.i + 1, 'bench:' || n.i, CASE n.k WHEN 0 THEN 'UnappliedReceipt' WHEN 1 THEN 'ReceiptApplied' ELSE 'Delivered' END,
                @at0 + n.d * 86400 * @second + (n.i % @perDay) * @second, n.dayKey, n.orderId, CASE WHEN n.k >= 2 THEN s.Id END, 'B' || n.o, NULL
            FROM bench_n AS n LEFT JOIN bench_s AS s ON s.k = (n.o + n.k) % @suppliers
            """, ("@offset", offset), ("@at0", at0), ("@second", second), ("@perDay", perDay), ("@suppliers", suppliers));
        Run("""
            INSERT INTO Payments (Id, OrderId, UnionId, Method, Status, Flag, Amount, Received, Reference, CreatedAt, SucceededAt, Version, Refunded, UnappliedAmount)
            SELECT printf('00000000-0000-7000-9000-%012X', n.o), n.orderId, '00000000-0000-7000-A000-000000000001', 'BankTransfer', 'Succeeded', 'None',
                printf('%d.%02d', n.t / 100, n.t % 100), printf('%d.%02d', n.t / 100, n.t % 100), 'B' || n.o, @at0, @at0, 1, '0', '0'
            FROM bench_n AS n WHERE n.k = 0
            """, ("@at0", at0));
        var trigger = Scalar("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'LedgerLines_Balances'")!;
        if (rebuild)
        {
            Run("DROP TRIGGER LedgerLines_Balances");
        }
        Run("""
            INSERT INTO LedgerLines (EntryId, Line, Account, DebitFen, CreditFen, OrderId, SupplierId, Day)
            SELECT @offset + n.i + 1, x.line,
                CASE WHEN x.line = 1 THEN CASE n.k WHEN 0 THEN 'cash:bank' WHEN 1 THEN 'suspense:unapplied' ELSE 'held:orders' END
                     ELSE CASE n.k WHEN 0 THEN 'suspense:unapplied' WHEN 1 THEN 'held:orders' ELSE 'payable:supplier:' || lower(s.Id) END END,
                CASE WHEN x.line = 1 THEN a.fen ELSE 0 END, CASE WHEN x.line = 2 THEN a.fen ELSE 0 END,
                n.orderId, CASE WHEN n.k >= 2 THEN s.Id END, n.dayKey
            FROM bench_n AS n
            JOIN (SELECT 1 AS line UNION ALL SELECT 2) AS x
            LEFT JOIN bench_s AS s ON s.k = (n.o + n.k) % @suppliers
            JOIN (SELECT i, CASE k WHEN 2 THEN t * 6 / 10 WHEN 3 THEN t - t * 6 / 10 ELSE t END AS fen FROM bench_n) AS a ON a.i = n.i
            ORDER BY n.i, x.line
            """, ("@offset", offset), ("@suppliers", suppliers));
        if (rebuild)
        {
            Run("""
                INSERT INTO LedgerBalances (Account, DebitFen, CreditFen)
                SELECT Account, SUM(DebitFen), SUM(CreditFen) FROM LedgerLines WHERE EntryId > @offset GROUP BY Account
                ON CONFLICT (Account) DO UPDATE SET DebitFen = DebitFen + excluded.DebitFen, CreditFen = CreditFen + excluded.CreditFen
                """, ("@offset", offset));
            Run("""
                INSERT INTO LedgerDays (Account, Day, DebitFen, CreditFen)
                SELECT Account, Day, SUM(DebitFen), SUM(CreditFen) FROM LedgerLines WHERE EntryId > @offset GROUP BY Account, Day
                ON CONFLICT (Account, Day) DO UPDATE SET DebitFen = DebitFen + excluded.DebitFen, CreditFen = CreditFen + excluded.CreditFen
                """, ("@offset", offset));
            Run(trigger);
        }
        Run("DROP TABLE temp.bench_n; DROP TABLE temp.bench_s");
        transaction.Commit();
        using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        analyze.CommandTimeout = 600;
        analyze.ExecuteNonQuery();
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }
}
