using System.Globalization;
using System.Net;
using System.Text;
using CsvHelper;
using MiniExcelLibs;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Platform;

/// <summary>
/// Downloads are one shape (<c>SheetDownload</c>): the file streams into the response with its content type and name,
/// no length known in advance, and reads back whole. The test host, like Kestrel, refuses synchronous writes.
/// </summary>
public sealed class DownloadsTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    [Fact]
    public async Task An_orders_export_of_thousands_of_recipients_streams_and_reads_back_whole()
    {
        const int recipients = 3_000;
        var s = await CreateAsync(app);
        var sku = (await s.PublishAsync((10m, 10_000)))[0];
        var id = await s.ReadyAsync([(sku, recipients * 2)], Rows(recipients));
        var number = (await s.OrderAsync(id)).GetProperty("number").GetString()!;

        using var export = await s.Purchaser.GetAsync($"/api/v1/orders/{id}/export", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal(Xlsx, export.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{number}.xlsx", export.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Null(export.Content.Headers.ContentLength);
        var file = new MemoryStream(await export.Content.ReadAsByteArrayAsync());
        Assert.Equal(["收件人", "每份内容", "订单"], file.GetSheetNames());
        var rows = file.Query(useHeaderRow: true, sheetName: "收件人").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(recipients, rows.Count);
        Assert.Equal(["姓名", "手机号", "省", "市", "区县", "详细地址", "份数", "每份内容"], rows[0].Keys);
        Assert.Equal(("职工1", "13800000000", "江苏省", 1d), ((string?)rows[0]["姓名"], Convert.ToString(rows[0]["手机号"], CultureInfo.InvariantCulture),
            (string?)rows[0]["省"], Convert.ToDouble(rows[0]["份数"], CultureInfo.InvariantCulture)));
        Assert.Equal($"职工{recipients}", rows[^1]["姓名"]);
        var contents = Assert.Single(file.Query(useHeaderRow: true, sheetName: "每份内容").Cast<IDictionary<string, object?>>());
        Assert.Equal(2d, Convert.ToDouble(contents["每份数量"], CultureInfo.InvariantCulture));

        // A draft without recipients still downloads a readable file; another union's order is a 404 problem, not half a file.
        var empty = await s.Purchaser.GetAsync($"/api/v1/orders/{await s.DraftAsync((sku, 1))}/export");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Empty(new MemoryStream(await empty.Content.ReadAsByteArrayAsync()).Query(useHeaderRow: true, sheetName: "收件人"));
        var other = await CreateAsync(app);
        await (await other.Purchaser.GetAsync($"/api/v1/orders/{id}/export")).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task The_payments_export_streams_as_csv_and_xlsx_and_parses_back()
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((25m, 100)))[0];
        var finance = await s.FinanceAsync();
        var numbers = new List<string>();
        foreach (var count in new[] { 1, 2, 3 })
        {
            var order = await s.ReadyAsync([(sku, count)], Rows(count, first: 13600000000 + count * 10));
            await s.PayByTransferAsync(order, finance);
            numbers.Add((await s.OrderAsync(order)).GetProperty("number").GetString()!);
        }
        var today = DateTimeOffset.UtcNow.AddHours(8).ToString("yyyyMMdd", CultureInfo.InvariantCulture);

        using var csv = await finance.GetAsync("/api/v1/finance/payments/export?format=csv", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", csv.Content.Headers.ContentType?.CharSet);
        Assert.Equal($"payments-{today}.csv", csv.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Null(csv.Content.Headers.ContentLength);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        using var reader = new CsvReader(new StreamReader(new MemoryStream(bytes), Encoding.UTF8), CultureInfo.InvariantCulture);
        var parsed = reader.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
        // Issue #21 appended when a flag was settled.
        Assert.Equal(["订单号", "工会", "方式", "状态", "异常", "应付金额", "已到账", "尚缺", "流水/参考", "发起时间", "到账时间", "处理说明", "处理时间"], parsed[0].Keys);
        foreach (var (number, amount) in numbers.Zip(new[] { "25.00", "50.00", "75.00" }))
        {
            var row = Assert.Single(parsed, r => (string)r["订单号"] == number);
            Assert.Equal(("对公转账", "Succeeded", amount, amount, "0.00"), ((string)row["方式"], (string)row["状态"], (string)row["应付金额"], (string)row["已到账"], (string)row["尚缺"]));
        }

        // The finance page's link is read by people (issue #21): the same columns, the state as a word.
        var clerk = $"d{Guid.NewGuid():N}"[..10] + "@test.example.cn";
        await app.CreateUserAsync(clerk, "Clerk2026pass", Procurement.Core.Users.Roles.Finance);
        var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await Auth.WebSignIn.PostAsync(browser, clerk, "Clerk2026pass")).StatusCode);
        var portal = await browser.GetByteArrayAsync("/finance/payments/export.csv");
        using var portalReader = new CsvReader(new StreamReader(new MemoryStream(portal), Encoding.UTF8), CultureInfo.InvariantCulture);
        var portalRows = portalReader.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(parsed[0].Keys, portalRows[0].Keys);
        Assert.All(numbers, number => Assert.Equal("已到账", (string)Assert.Single(portalRows, r => (string)r["订单号"] == number)["状态"]));

        using var xlsx = await finance.GetAsync("/api/v1/finance/payments/export?format=xlsx", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(Xlsx, xlsx.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"payments-{today}.xlsx", xlsx.Content.Headers.ContentDisposition?.FileNameStar);
        var sheet = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(parsed.Count, sheet.Count);
        var last = Assert.Single(sheet, r => (string?)r["订单号"] == numbers[2]);
        Assert.Equal(75d, Assert.IsType<double>(last["应付金额"]));

        // Nothing matching still answers the header; a bad filter is a problem, never a file.
        var none = await finance.GetAsync("/api/v1/finance/payments/export?format=xlsx&q=NO-SUCH-ORDER");
        var noRows = new MemoryStream(await none.Content.ReadAsByteArrayAsync()).Query(useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal("订单号", noRows[0]["A"]);
        Assert.All(noRows.Skip(1), r => Assert.Null(r["A"]));
        await (await finance.GetAsync("/api/v1/finance/payments/export?format=csv&status=Lost")).IsValidationProblemAsync("status");
        await (await finance.GetAsync("/api/v1/finance/payments/export?format=pdf")).IsValidationProblemAsync("format");
    }
}
