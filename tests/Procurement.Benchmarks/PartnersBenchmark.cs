using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using nietras.SeparatedValues;
using Procurement.Core.Common;
using Procurement.Core.Ordering;
using Procurement.Core.Partners;
using Procurement.Infrastructure.Persistence;
using Procurement.Infrastructure.Users;

namespace Procurement.Benchmarks;

/// <summary>
/// The reconciliation targets at a million rows, each beside a bare baseline measured in the same process and run:
/// a 1,000,000-row P832 CSV statement stored; 1,000,000 of our partner orders reconciled against it (read both
/// sides, classify, store the items) with the peak RSS; the run exported as CSV and XLSX, the XLSX beside MiniExcel's
/// <c>SaveAs</c> of the same rows held in memory; and the CSV parser chosen by measurement (CsvHelper against Sep).
/// The work runs in a child process (<c>partners-worker</c>) hosting the real app's services, so its peak RSS is the
/// reconciliation's, not this driver's. The statement goes in through the statement desk, not HTTP: a million rows
/// are about 95 MB, above the upload limit of 60 MB (a day of 832平台 is a few MB).
/// </summary>
internal static class PartnersBenchmark
{
    private const string Partner = PartnerCodes.P832;
    private const string ResultsPrefix = "RESULTS ";
    private static readonly DateOnly Day = new(2026, 11, 30);

    public static async Task<IReadOnlyList<Result>> RunAsync(int rows)
    {
        var directory = Path.Combine(Path.GetTempPath(), "procurement-bench", "partners-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var csv = Path.Combine(directory, "p832.csv");
            WriteStatement(csv, rows);
            Console.WriteLine($"Partners benchmark: {rows:N0} rows, statement {new FileInfo(csv).Length / 1024 / 1024} MB");
            var worker = new ProcessStartInfo("dotnet", [typeof(PartnersBenchmark).Assembly.Location, "partners-worker", directory, csv, rows.ToString(CultureInfo.InvariantCulture)])
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            // The app's own GC settings (server GC off on two cores), as it runs in production.
            worker.Environment["DOTNET_gcServer"] = "0";
            // The hosted app's content root, which the test factory would otherwise guess from this working directory.
            worker.Environment["ASPNETCORE_TEST_CONTENTROOT_PROCUREMENT_WEB"] = Path.GetFullPath(Path.Combine("src", "Procurement.Web"));
            using var process = Process.Start(worker)!;
            string? last = null;
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                Console.WriteLine("  " + line);
                last = line.StartsWith(ResultsPrefix, StringComparison.Ordinal) ? line[ResultsPrefix.Length..] : last;
            }
            await process.WaitForExitAsync();
            if (process.ExitCode != 0 || last is null)
            {
                throw new InvalidOperationException($"partners-worker exited {process.ExitCode}");
            }
            return JsonSerializer.Deserialize<List<JsonElement>>(last)!.Select(Result.FromJson).ToList();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// The statement (for a million rows): rows 0–996,999 are our orders P832-000000000…; rows 997,000–997,999 repeat
    /// the first thousand (duplicate); rows 998,000–999,999 are not ours (missingLocal). Every 250th of ours differs by
    /// a fen (amountMismatch) and every 500th is refunded on their side (statusMismatch); our 997,000–999,999 are not
    /// in it (missingRemote).
    /// </summary>
    private static void WriteStatement(string path, int rows)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("订单编号,下单时间,采购单位,商品金额,运费,实付金额,平台服务费,订单状态,结算日期\r\n");
        var day = Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var ours = rows - rows / 500;
        for (var i = 0; i < rows; i++)
        {
            var key = i < ours - rows / 1000 ? i : i < ours ? i - (ours - rows / 1000) : i + rows;
            var amount = Amount(key) + (key % 250 == 1 ? 0.01m : 0m);
            var status = key % 500 == 7 ? "已退款" : "已完成";
            writer.Write($"P832-{key:D9},{day} {key % 24:D2}:{key % 60:D2}:00,南京市总工会,{amount:0.00},0.00,{amount:0.00},{amount * 0.03m:0.00},{status},{day}\r\n");
        }
    }

    private static decimal Amount(int key) => 50m + key % 200;

    public static async Task<int> WorkerAsync(string directory, string csv, int rows)
    {
        var results = new List<Result>();
        var dataDirectory = Path.Combine(directory, "data");
        await using var factory = new WebApplicationFactory<global::Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Storage:DataDirectory", dataDirectory);
            builder.UseSetting("Jobs:Storage", "InMemory");
            builder.UseSetting("Seed:Demo", "false");
            builder.UseSetting("Bootstrap:AdminEmail", "admin@bench.example.cn");
            builder.UseSetting("Bootstrap:AdminPassword", "Bench2026pass");
        });
        _ = factory.Services;

        // The CSV parser, by measurement: every cell of every row as a string, as the statement reader needs them.
        var csvHelperMs = Time(() => ParseWithCsvHelper(csv));
        var sepMs = Time(() => ParseWithSep(csv));
        Console.WriteLine($"parse {rows:N0} rows: CsvHelper {csvHelperMs:0} ms, Sep {sepMs:0} ms");
        results.Add(new Result("statement_csv_parse_1m_sep", Math.Round(sepMs), "ms", csvHelperMs, LowerIsBetter: true, Bare: Math.Round(csvHelperMs)));

        await SeedOrdersAsync(factory.Services, rows);

        // 1. The statement stored: spooled and hashed, parsed, every row checked and written with its raw text.
        var clock = Stopwatch.StartNew();
        long statementId;
        await using (var scope = factory.Services.CreateSystemScope())
        {
            var files = scope.ServiceProvider.GetRequiredService<IStatementFiles>();
            await using var content = File.OpenRead(csv);
            await using var spooled = await files.SpoolAsync(content, "p832.csv", long.MaxValue, CancellationToken.None);
            var stored = await scope.ServiceProvider.GetRequiredService<StatementPulls>().StoreAsync(Partner, Day, spooled!, CancellationToken.None);
            statementId = stored.Value?.StatementId ?? throw new InvalidOperationException(stored.Error?.Summary);
        }
        var storeMs = clock.Elapsed.TotalMilliseconds;
        var bareStoreMs = await BareStoreAsync(factory.Services, csv);
        Console.WriteLine($"statement stored in {storeMs:0} ms (bare {bareStoreMs:0} ms)");
        results.Add(new Result("statement_store_1m_p832_csv", Math.Round(storeMs), "ms", 10_000, LowerIsBetter: true, Bare: Math.Round(bareStoreMs)));

        // 2. Reconciliation: our million against the statement's.
        long runId;
        await using (var scope = factory.Services.CreateSystemScope())
        {
            var run = new ReconciliationRun(Partner, Day, null, DateTimeOffset.UtcNow);
            scope.ServiceProvider.GetRequiredService<IReconciliationStore>().Add(run);
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().CommitAsync(CancellationToken.None);
            runId = run.Id;
        }
        clock.Restart();
        RunView view;
        await using (var scope = factory.Services.CreateSystemScope())
        {
            var desk = scope.ServiceProvider.GetRequiredService<ReconciliationReview>();
            if (await scope.ServiceProvider.GetRequiredService<ReconciliationPipeline>().RunAsync(runId, CancellationToken.None) != RunStatus.Succeeded)
            {
                throw new InvalidOperationException((await desk.GetAsync(runId, CancellationToken.None)).Value?.Error);
            }
            view = (await desk.GetAsync(runId, CancellationToken.None)).Value!;
        }
        var reconcileMs = clock.Elapsed.TotalMilliseconds;
        var peakMb = PeakResidentMegabytes();
        var bareReconcileMs = await BareReconcileAsync(factory.Services, statementId);
        Console.WriteLine($"reconciled in {reconcileMs:0} ms (bare {bareReconcileMs:0} ms), peak RSS {peakMb:0} MB: {JsonSerializer.Serialize(view.Summary)}");
        results.Add(new Result("reconcile_1m_orders", Math.Round(reconcileMs), "ms", Math.Min(20_000, 3 * bareReconcileMs), LowerIsBetter: true, Bare: Math.Round(bareReconcileMs)));
        results.Add(new Result("reconcile_1m_peak_rss", Math.Round(peakMb), "MB", 1024, LowerIsBetter: true));

        // 3. The exports, streamed to a sink that only counts; the CSV's working set sampled while it runs.
        var (csvMs, csvGrowthMb) = await ExportAsync(factory.Services, runId, SheetFormat.Csv);
        results.Add(new Result("reconciliation_export_1m_csv", Math.Round(csvMs), "ms", 5_000, LowerIsBetter: true));
        results.Add(new Result("reconciliation_export_1m_csv_rss_growth", Math.Round(csvGrowthMb), "MB", 64, LowerIsBetter: true));
        var (xlsxMs, xlsxGrowthMb) = await ExportAsync(factory.Services, runId, SheetFormat.Xlsx);
        var miniExcelMs = await MiniExcelSaveAsync(factory.Services, runId, directory);
        Console.WriteLine($"export CSV {csvMs:0} ms (+{csvGrowthMb:0} MB), XLSX {xlsxMs:0} ms (+{xlsxGrowthMb:0} MB), MiniExcel SaveAs {miniExcelMs:0} ms");
        results.Add(new Result("reconciliation_export_1m_xlsx", Math.Round(xlsxMs), "ms", Math.Min(10_000, 1.5 * miniExcelMs), LowerIsBetter: true, Bare: Math.Round(miniExcelMs)));
        results.Add(new Result("reconciliation_export_1m_xlsx_rss_growth", Math.Round(xlsxGrowthMb), "MB", 64, LowerIsBetter: true));

        Console.WriteLine(ResultsPrefix + JsonSerializer.Serialize(results.Select(r => new
        {
            name = r.Name, value = r.Value, unit = r.Unit, baseline = r.Baseline, lower_is_better = r.LowerIsBetter, bare_baseline = r.Bare,
        })));
        return 0;
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static int ParseWithCsvHelper(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        using var parser = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false, BadDataFound = null });
        var cells = 0;
        while (parser.Read())
        {
            var record = parser.Record!;
            cells += record.Length + parser.RawRecord.Length % 2;
        }
        return cells;
    }

    private static int ParseWithSep(string path)
    {
        using var text = new StreamReader(path, Encoding.UTF8);
        using var reader = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).From(text);
        var cells = 0;
        foreach (var row in reader)
        {
            for (var i = 0; i < row.ColCount; i++)
            {
                cells += row[i].ToString().Length > 0 ? 1 : 0;
            }
            cells += row.Span.ToString().Length % 2;
        }
        return cells;
    }

    /// <summary>Our million partner orders of the day, written straight into the table (how they arrived is not what is measured).</summary>
    private static async Task SeedOrdersAsync(IServiceProvider services, int rows)
    {
        await using var scope = services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<ProcurementDbContext>();
        await db.Database.OpenConnectionAsync();
        var binary = new UtcDateTimeOffsetToBinaryConverter();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = """
            INSERT INTO PartnerOrders (Id, Partner, PartnerOrderNo, Number, PlacedAt, BuyerName, Recipient_Name, Recipient_Phone, Recipient_Province, Recipient_City,
              Recipient_District, Recipient_Address, PaidAmount, Status, BodyHash, ReceivedAt, Version)
            VALUES (@id, 'P832', @no, @number, @placed, '南京市总工会', '王芳', '13900000000', '江苏省', '南京市', '玄武区', '中山路 1 号', @paid, 'Completed', '', @placed, 0)
            """;
        var parameters = new[] { "@id", "@no", "@number", "@placed", "@paid" }.Select(name =>
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            command.Parameters.Add(p);
            return p;
        }).ToArray();
        command.Prepare();
        var start = BusinessDate.StartOf(Day);
        for (var key = 0; key < rows; key++)
        {
            parameters[0].Value = Guid.CreateVersion7().ToString().ToUpperInvariant();
            parameters[1].Value = $"P832-{key:D9}";
            parameters[2].Value = $"LP{Day:yyyyMMdd}-{key:D7}";
            parameters[3].Value = binary.ConvertToProvider(start.AddSeconds(key % 86_000).ToUniversalTime());
            parameters[4].Value = Amount(key);
            command.ExecuteNonQuery();
        }
        await transaction.CommitAsync();
    }

    /// <summary>The bare floor: the same file split by Sep and written by one prepared INSERT in one transaction, no checks.</summary>
    private static async Task<double> BareStoreAsync(IServiceProvider services, string csv)
    {
        await using var scope = services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<ProcurementDbContext>();
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE BareRows (StatementId INTEGER NOT NULL, Line INTEGER NOT NULL, PartnerOrderNo TEXT, Amount TEXT, Status TEXT, Raw TEXT, PRIMARY KEY (StatementId, Line))");
        var clock = Stopwatch.StartNew();
        await db.Database.OpenConnectionAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await using var command = Prepared(db, transaction.GetDbTransaction(), "INSERT INTO BareRows VALUES (1, @p0, @p1, @p2, @p3, @p4)", 5);
        using var text = new StreamReader(csv, Encoding.UTF8);
        using var reader = Sep.New(',').Reader(o => o with { HasHeader = true, DisableColCountCheck = true }).From(text);
        foreach (var row in reader)
        {
            command.Parameters[0].Value = row.LineNumberFrom;
            command.Parameters[1].Value = row[0].ToString();
            command.Parameters[2].Value = row[5].ToString();
            command.Parameters[3].Value = row[7].ToString();
            command.Parameters[4].Value = row.Span.ToString();
            command.ExecuteNonQuery();
        }
        await transaction.CommitAsync();
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>The bare floor of a run: both sides read with raw commands, a hash join, and one prepared INSERT per item in one transaction.</summary>
    private static async Task<double> BareReconcileAsync(IServiceProvider services, long statementId)
    {
        await using var scope = services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<ProcurementDbContext>();
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE BareItems (Id INTEGER PRIMARY KEY, Category TEXT, PartnerOrderNo TEXT, OrderNumber TEXT, LocalAmount TEXT, RemoteAmount TEXT)");
        var clock = Stopwatch.StartNew();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        var local = new Dictionary<string, (string Number, decimal Paid)>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT PartnerOrderNo, Number, PaidAmount FROM PartnerOrders WHERE Partner = 'P832'";
            await using var rows = await read.ExecuteReaderAsync();
            while (rows.Read())
            {
                local[rows.GetString(0)] = (rows.GetString(1), rows.GetDecimal(2));
            }
        }
        var items = new List<(string Category, string Key, string? Number, decimal? Local, decimal? Remote)>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = $"SELECT PartnerOrderNo, Amount FROM PartnerStatementRows WHERE StatementId = {statementId} ORDER BY Line";
            await using var rows = await read.ExecuteReaderAsync();
            while (rows.Read())
            {
                var key = rows.GetString(0);
                var remote = rows.GetDecimal(1);
                items.Add(local.Remove(key, out var ours)
                    ? (ours.Paid == remote ? "Matched" : "AmountMismatch", key, ours.Number, ours.Paid, remote)
                    : ("MissingLocal", key, null, null, remote));
            }
        }
        items.AddRange(local.Select(l => ("MissingRemote", l.Key, (string?)l.Value.Number, (decimal?)l.Value.Paid, (decimal?)null)));
        await using var transaction = await db.Database.BeginTransactionAsync();
        await using var command = Prepared(db, transaction.GetDbTransaction(), "INSERT INTO BareItems (Category, PartnerOrderNo, OrderNumber, LocalAmount, RemoteAmount) VALUES (@p0, @p1, @p2, @p3, @p4)", 5);
        foreach (var item in items)
        {
            command.Parameters[0].Value = item.Category;
            command.Parameters[1].Value = item.Key;
            command.Parameters[2].Value = (object?)item.Number ?? DBNull.Value;
            command.Parameters[3].Value = (object?)item.Local ?? DBNull.Value;
            command.Parameters[4].Value = (object?)item.Remote ?? DBNull.Value;
            command.ExecuteNonQuery();
        }
        await transaction.CommitAsync();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static DbCommand Prepared(ProcurementDbContext db, DbTransaction transaction, string sql, int parameters)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < parameters; i++)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@p" + i;
            command.Parameters.Add(p);
        }
        command.Prepare();
        return command;
    }

    private static async Task<(double Ms, double GrowthMb)> ExportAsync(IServiceProvider services, long runId, SheetFormat format)
    {
        GC.Collect();
        var before = ResidentMegabytes();
        var peak = before;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, ResidentMegabytes());
                await Task.Delay(20);
            }
        });
        var clock = Stopwatch.StartNew();
        await using (var scope = services.CreateSystemScope())
        {
            var write = await scope.ServiceProvider.GetRequiredService<ReconciliationReview>().ExportAsync(runId, format, CancellationToken.None);
            await using var sink = new CountingStream();
            await write.Value!.WriteAsync(sink, CancellationToken.None);
            Console.WriteLine($"  {format}: {sink.Written / 1024 / 1024} MB written");
        }
        var ms = clock.Elapsed.TotalMilliseconds;
        await stop.CancelAsync();
        await sampler;
        return (ms, peak - before);
    }

    /// <summary>MiniExcel's <c>SaveAs</c> of the same rows, already in memory (only the write is timed), to a file.</summary>
    private static async Task<double> MiniExcelSaveAsync(IServiceProvider services, long runId, string directory)
    {
        var rows = new List<Dictionary<string, object?>>();
        await using (var scope = services.CreateSystemScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IReconciliationStore>();
            var run = (await store.FindRunAsync(runId, CancellationToken.None))!;
            await foreach (var i in store.ExportAsync(run, CancellationToken.None))
            {
                rows.Add(new Dictionary<string, object?>
                {
                    ["分类"] = i.Category, ["合作平台订单号"] = i.PartnerOrderNo, ["本地订单号"] = i.OrderNumber, ["本地金额"] = i.LocalAmount, ["平台金额"] = i.RemoteAmount,
                    ["差额"] = i.Difference, ["本地状态"] = i.LocalStatus, ["平台状态"] = i.RemoteStatus, ["处理状态"] = i.Resolution, ["备注"] = i.Note,
                });
            }
        }
        var path = Path.Combine(directory, "miniexcel.xlsx");
        var clock = Stopwatch.StartNew();
        await using (var file = File.Create(path))
        {
            await file.SaveAsAsync(rows);
        }
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double ResidentMegabytes() => Status("VmRSS");

    private static double PeakResidentMegabytes() => Status("VmHWM");

    private static double Status(string field)
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private sealed class CountingStream : Stream
    {
        public long Written { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Written;
        public override long Position { get => Written; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("A synchronous write: the response would refuse it.");
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
