using System.Diagnostics;
using System.IO.Compression;
using System.Text;

namespace Procurement.Benchmarks;

/// <summary>
/// The security review's sheet (#20) on the real app process: a 7 KB XLSX whose 100,000 rows each hold one empty cell
/// in column XFD, uploaded as a stock import, must be refused (400 naming the row limit) within 1 s. Beside it, in the
/// same run and process, the bare baseline: a normal 1,000-row XLSX import of the same supplier's SKUs, committed.
/// Each is timed five times after one warm-up; the median counts.
/// </summary>
internal static class UploadLimitsBenchmark
{
    private const int Rounds = 5;

    public static async Task<IReadOnlyList<Result>> RunAsync(string appDll)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "procurement-bench", Guid.NewGuid().ToString("N"));
        await using var app = await AppProcess.StartAsync(appDll, 5096, dataDirectory);
        await StockImportBenchmark.SeedSkusAsync(dataDirectory, products: 100);
        using var client = await OrderingBenchmark.BearerAsync(app.BaseUrl, "supplier@demo.longpinhui.cn", "Longpin@2026");

        // Each round's normal file changes every stock, so every round writes 1,000 rows.
        byte[] Normal(int round) => StockImportBenchmark.Xlsx(Enumerable.Range(0, 100)
            .SelectMany(p => Enumerable.Range(0, 10).Select(s => ($"BENCH-{p:D5}-{s}", 100 + round, 20m + s)))
            .ToList()).Item1;
        var hostile = BlankRowsInLastColumn(100_000);
        Console.WriteLine($"Upload limits benchmark: normal 1,000-row XLSX {Normal(0).Length / 1024} KB, hostile 100,000-blank-row XLSX {hostile.Length / 1024} KB");

        var baseline = await MedianAsync(client, Normal, expectOk: true);
        var refused = await MedianAsync(client, _ => hostile, expectOk: false);
        Console.WriteLine($"  normal 1,000 rows imported: {baseline:0} ms; hostile 100,000 blank rows refused: {refused:0} ms");
        return [new Result("stock_import_100k_blank_rows_xlsx_refused", Math.Round(refused, 0), "ms", 1000, LowerIsBetter: true, Bare: Math.Round(baseline, 0))];
    }

    private static async Task<double> MedianAsync(HttpClient client, Func<int, byte[]> file, bool expectOk)
    {
        var times = new List<double>();
        for (var i = 0; i <= Rounds; i++)
        {
            var form = new MultipartFormDataContent { { new ByteArrayContent(file(i)), "file", "stock.xlsx" } };
            var clock = Stopwatch.StartNew();
            var response = await client.PostAsync("/api/v1/supplier/stock-imports", form);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            var body = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode != expectOk || (!expectOk && !body.Contains("50000", StringComparison.Ordinal)))
            {
                throw new InvalidOperationException($"Unexpected answer: {(int)response.StatusCode} {body[..Math.Min(500, body.Length)]}");
            }
            if (i > 0)
            {
                times.Add(elapsed);
            }
        }
        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>A header, then <paramref name="rows"/> rows each holding one empty cell in column XFD; every row the same bytes.</summary>
    private static byte[] BlankRowsInLastColumn(int rows)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string path, string xml)
            {
                using var writer = new StreamWriter(zip.CreateEntry(path).Open(), new UTF8Encoding(false));
                writer.Write(xml);
            }
            Add("xl/workbook.xml", """<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Add("xl/_rels/workbook.xml.rels", """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
            using var sheet = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open(), new UTF8Encoding(false));
            sheet.Write("""<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>sku_code</t></is></c><c r="B1" t="inlineStr"><is><t>stock</t></is></c></row>""");
            for (var r = 0; r < rows; r++)
            {
                sheet.Write("""<row><c r="XFD2"/></row>""");
            }
            sheet.Write("</sheetData></worksheet>");
        }
        return buffer.ToArray();
    }
}
