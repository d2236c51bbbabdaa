using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Procurement.Core.Common;
using Procurement.IntegrationTests.Ordering;

namespace Procurement.IntegrationTests.Partners;

/// <summary>
/// Statements, runs, review and export through the API, on a hand-checked 832平台 fixture. Each test reconciles a date
/// of its own, so no test sees another's orders.
/// </summary>
public sealed class ReconciliationApiTests(PartnerApp app) : IClassFixture<PartnerApp>
{
    private const string Header = "订单编号,下单时间,采购单位,商品金额,运费,实付金额,平台服务费,订单状态,结算日期";

    private static DateOnly Today => BusinessDate.Today(TimeProvider.System);

    private static string Row(string number, DateOnly date, decimal paid, string status, string time = "10:00:00") =>
        $"{number},{date:yyyy-MM-dd} {time},苏州市总工会,{paid.ToString("0.00", CultureInfo.InvariantCulture)},0.00,{paid.ToString("0.00", CultureInfo.InvariantCulture)},0.00,{status},{date:yyyy-MM-dd}";

    /// <summary>
    /// The fixture, partner P832, business date D (yesterday in Beijing); p = a prefix of this test's own.
    /// Ours (pushed): 1001 paid 100; 1002 paid 80; 1003 paid 50 refunded 50 (Refunded, net 0); 1004 paid 60 at 23:30
    /// Beijing on D (15:30 UTC: still D); 1005 paid 70 at 23:59 Beijing on D−1 (not D's); 1006 paid 40; 1007 paid 100,
    /// 30 refunded (PartiallyRefunded, net 70); 1009 paid 30 at 00:30 Beijing on D (16:30 UTC the day before: still D).
    /// Statement rows: 1001 100 已完成 → matched; Ｐ１００２ (full-width) 85 → amountMismatch (+5); 1003 50 已完成 →
    /// statusMismatch (ours refunded; +50); 1004 60 → matched; 1005 70 → missingLocal (ours is D−1's; +70); 1007 70
    /// 部分退款 → matched (net of the refund); 1008 20 → missingLocal (+20); 1009 30 → matched; " …１００１　" (spaces,
    /// full-width digits) again → duplicate (+100).
    /// Then 1006 is missingRemote (−40).
    /// Counts: matched 4, amountMismatch 1, statusMismatch 1, missingLocal 2, missingRemote 1, duplicate 1.
    /// Totals: local 100+80+0+60+40+70+30 = 380; remote 100+85+50+60+70+70+20+30+100 = 585; net 585 − 380 = 205;
    /// gross 5 + 50 + 70 + 20 + 40 + 100 = 285.
    /// </summary>
    private async Task<(OrderingScenario S, HttpClient Finance, string P, DateOnly D, byte[] File)> FixtureAsync(DateOnly d)
    {
        var s = await OrderingScenario.CreateAsync(app);
        var sku = (await s.PublishAsync((10m, 1000)))[0];
        var code = (await s.SkuAsync(sku)).GetProperty("code").GetString()!;
        var p = "T" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var client = app.CreateClient();
        async Task Push(string n, decimal paid, DateTimeOffset at, decimal refund = 0) =>
            await PartnerClient.PushAsync(client, "P832", PartnerApp.Secret832, p + n, code, paid, at, refund);
        await Push("1001", 100m, PartnerClient.Beijing(d, 9, 0));
        await Push("1002", 80m, PartnerClient.Beijing(d, 9, 5));
        await Push("1003", 50m, PartnerClient.Beijing(d, 9, 10), refund: 50m);
        await Push("1004", 60m, PartnerClient.Beijing(d, 23, 30));
        await Push("1005", 70m, PartnerClient.Beijing(d.AddDays(-1), 23, 59));
        await Push("1006", 40m, PartnerClient.Beijing(d, 12, 0));
        await Push("1007", 100m, PartnerClient.Beijing(d, 13, 0), refund: 30m);
        await Push("1009", 30m, PartnerClient.Beijing(d, 0, 30));
        static string Wide(string digits) => string.Concat(digits.Select(c => (char)(c + 0xFEE0)));
        var csv = string.Join("\r\n", Header,
            Row(p + "1001", d, 100m, "已完成"),
            Row(p + Wide("1002"), d, 85m, "已完成"),
            Row(p + "1003", d, 50m, "已完成"),
            Row(p + "1004", d, 60m, "已完成", "23:30:00"),
            Row(p + "1005", d, 70m, "已完成"),
            Row(p + "1007", d, 70m, "部分退款"),
            Row(p + "1008", d, 20m, "已完成"),
            Row(p + "1009", d, 30m, "已完成", "00:30:00"),
            Row($" {p}{Wide("1001")}\u3000", d, 100m, "已完成")) + "\r\n";
        return (s, await s.FinanceAsync(), p, d, PartnerClient.Gb18030(csv));
    }

    [Fact]
    public async Task A_statement_is_stored_once_reconciled_exactly_as_counted_by_hand_and_exported_both_ways()
    {
        var (s, finance, p, d, file) = await FixtureAsync(Today.AddDays(-1));
        var uploaded = await PartnerClient.UploadAsync(finance, "P832", d, file, "p832.csv");
        Assert.True(uploaded.StatusCode == HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync());
        var statement = await uploaded.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(9, statement.GetProperty("rows").GetInt32());
        // The same file again is the same statement.
        var again = await PartnerClient.UploadAsync(finance, "P832", d, file, "copy.csv");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(statement.GetProperty("statementId").GetInt64(), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statementId").GetInt64());

        var run = await PartnerClient.ReconcileAsync(finance, "P832", d);
        Assert.Equal("Succeeded", run.GetProperty("status").GetString());
        var summary = run.GetProperty("summary");
        Assert.Equal((4, 1, 1, 2, 1, 1), (summary.GetProperty("matched").GetInt32(), summary.GetProperty("amountMismatch").GetInt32(),
            summary.GetProperty("statusMismatch").GetInt32(), summary.GetProperty("missingLocal").GetInt32(), summary.GetProperty("missingRemote").GetInt32(),
            summary.GetProperty("duplicate").GetInt32()));
        var totals = run.GetProperty("totals");
        Assert.Equal((380m, 585m, 205m, 285m), (totals.GetProperty("localAmount").GetDecimal(), totals.GetProperty("remoteAmount").GetDecimal(),
            totals.GetProperty("netDifference").GetDecimal(), totals.GetProperty("grossDifference").GetDecimal()));
        var runId = run.GetProperty("id").GetInt64();

        var mismatch = Assert.Single((await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/reconciliation/runs/{runId}/items?category=amountMismatch"))
            .GetProperty("items").EnumerateArray());
        Assert.Equal((p + "1002", 80m, 85m, 5m, "Open"), (mismatch.GetProperty("partnerOrderNo").GetString(), mismatch.GetProperty("localAmount").GetDecimal(),
            mismatch.GetProperty("remoteAmount").GetDecimal(), mismatch.GetProperty("difference").GetDecimal(), mismatch.GetProperty("resolution").GetString()));
        var differences = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/reconciliation/runs/{runId}/items?category=differences");
        Assert.Equal(6, differences.GetProperty("total").GetInt32());
        Assert.Equal(1, (await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/reconciliation/runs/{runId}/items?q={p}1008")).GetProperty("total").GetInt32());
        await (await finance.GetAsync($"/api/v1/finance/reconciliation/runs/{runId}/items?category=lost")).IsValidationProblemAsync("category");

        // Resolution: finance only, a note required, who and when kept.
        var itemId = mismatch.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Purchaser.PostAsJsonAsync($"/api/v1/finance/reconciliation/items/{itemId}/resolution",
            new { resolution = "Accepted", note = "x" })).StatusCode);
        var admin = await app.AdminClientAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsJsonAsync($"/api/v1/finance/reconciliation/items/{itemId}/resolution",
            new { resolution = "Accepted", note = "x" })).StatusCode);
        await (await finance.PostAsJsonAsync($"/api/v1/finance/reconciliation/items/{itemId}/resolution", new { resolution = "Open", note = "" }))
            .IsValidationProblemAsync("resolution", "note");
        var resolved = await finance.PostAsJsonAsync($"/api/v1/finance/reconciliation/items/{itemId}/resolution", new { resolution = "Adjusted", note = "运费补差 5 元" });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var item = await resolved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Adjusted", "运费补差 5 元", "测试用户"), (item.GetProperty("resolution").GetString(), item.GetProperty("note").GetString(), item.GetProperty("resolvedBy").GetString()));
        Assert.True(item.GetProperty("resolvedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));

        // A re-run replaces the result and keeps the decision taken on the same difference.
        var rerun = await PartnerClient.ReconcileAsync(finance, "P832", d);
        Assert.Equal("Succeeded", rerun.GetProperty("status").GetString());
        Assert.False((await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/reconciliation/runs/{runId}")).GetProperty("current").GetBoolean());
        var kept = Assert.Single((await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/reconciliation/runs/{rerun.GetProperty("id").GetInt64()}/items?category=amountMismatch"))
            .GetProperty("items").EnumerateArray());
        Assert.Equal("Adjusted", kept.GetProperty("resolution").GetString());
        runId = rerun.GetProperty("id").GetInt64();

        // Export: the contract's header, CSV with a BOM, injection escaped, amounts as numbers; XLSX read back.
        var csvBytes = await finance.GetByteArrayAsync($"/api/v1/finance/reconciliation/runs/{runId}/export?format=csv");
        Assert.Equal([0xEF, 0xBB, 0xBF], csvBytes[..3]);
        var lines = Encoding.UTF8.GetString(csvBytes, 3, csvBytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        // The contract's ten columns, then who resolved and when (issue #21); the API's file keeps the codes.
        Assert.Equal("分类,合作平台订单号,本地订单号,本地金额,平台金额,差额,本地状态,平台状态,处理状态,备注,处理人,处理时间", lines[0]);
        Assert.Equal(10, lines.Length - 1);
        Assert.Contains(lines, l => l.StartsWith($"amountMismatch,{p}1002,LP", StringComparison.Ordinal)
            && l.Contains(",80.00,85.00,5.00,Completed,Completed,Adjusted,运费补差 5 元,测试用户,", StringComparison.Ordinal)
            && System.Text.RegularExpressions.Regex.IsMatch(l, @",\d{4}-\d{2}-\d{2} \d{2}:\d{2}$"));
        Assert.Contains(lines, l => l.StartsWith($"missingRemote,{p}1006,LP", StringComparison.Ordinal) && l.Contains(",40.00,,-40.00,", StringComparison.Ordinal));
        var xlsx = await finance.GetByteArrayAsync($"/api/v1/finance/reconciliation/runs/{runId}/export?format=xlsx");
        var rows = new MemoryStream(xlsx).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(10, rows.Count);
        var amount = rows.Single(r => (string?)r["分类"] == "amountMismatch");
        Assert.Equal(5d, Convert.ToDouble(amount["差额"], CultureInfo.InvariantCulture));
        Assert.IsType<double>(amount["本地金额"]);
        Assert.Equal("测试用户", amount["处理人"]);

        // The run page's download, read by people: the same columns, categories, states and resolutions in Chinese;
        // read back from the XLSX too.
        var financeEmail = $"g{Guid.NewGuid():N}"[..10] + "@test.example.cn";
        await app.CreateUserAsync(financeEmail, "Finance2026pass", Procurement.Core.Users.Roles.Finance);
        var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await Procurement.IntegrationTests.Auth.WebSignIn.PostAsync(browser, financeEmail, "Finance2026pass")).StatusCode);
        var portalBytes = await browser.GetByteArrayAsync($"/finance/reconciliation/runs/{runId}.csv");
        var portal = Encoding.UTF8.GetString(portalBytes, 3, portalBytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines[0], portal[0]);
        Assert.Contains(portal, l => l.StartsWith($"金额不符,{p}1002,LP", StringComparison.Ordinal)
            && l.Contains(",80.00,85.00,5.00,已完成,已完成,已调账,运费补差 5 元,测试用户,", StringComparison.Ordinal));
        Assert.Contains(portal, l => l.StartsWith($"平台缺失,{p}1006,", StringComparison.Ordinal) && l.Contains(",待处理,", StringComparison.Ordinal));
        Assert.DoesNotContain(portal, l => l.Contains("amountMismatch", StringComparison.Ordinal) || l.Contains("Completed", StringComparison.Ordinal));
        var portalRows = new MemoryStream(await browser.GetByteArrayAsync($"/finance/reconciliation/runs/{runId}.xlsx")).Query(useHeaderRow: true)
            .Cast<IDictionary<string, object?>>().ToList();
        var adjusted = portalRows.Single(r => (string?)r["分类"] == "金额不符");
        Assert.Equal(("已调账", "测试用户"), ((string?)adjusted["处理状态"], (string?)adjusted["处理人"]));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$", (string?)adjusted["处理时间"]);
        Assert.Equal(5d, Convert.ToDouble(adjusted["差额"], CultureInfo.InvariantCulture));
        await (await finance.GetAsync($"/api/v1/finance/reconciliation/runs/{runId}/export?format=pdf")).IsValidationProblemAsync("format");
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Purchaser.GetAsync($"/api/v1/finance/reconciliation/runs/{runId}/export?format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Purchaser.GetAsync("/api/v1/finance/reconciliation/runs")).StatusCode);
    }

    [Fact]
    public async Task Open_differences_are_carried_into_later_days_until_resolved()
    {
        var (_, finance, p, d, file) = await FixtureAsync(Today.AddDays(-5));
        Assert.Equal(HttpStatusCode.Created, (await PartnerClient.UploadAsync(finance, "P832", d, file, "p832.csv")).StatusCode);
        var first = await PartnerClient.ReconcileAsync(finance, "P832", d);
        Assert.Equal("Succeeded", first.GetProperty("status").GetString());
        var next = d.AddDays(1);
        var nextFile = PartnerClient.Gb18030(Header + "\r\n" + Row(p + "2001", next, 10m, "已完成") + "\r\n");
        Assert.Equal(HttpStatusCode.Created, (await PartnerClient.UploadAsync(finance, "P832", next, nextFile, "next.csv")).StatusCode);
        var second = await PartnerClient.ReconcileAsync(finance, "P832", next);
        var carried = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/reconciliation/runs/{second.GetProperty("id").GetInt64()}/carried");
        var mine = carried.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("partnerOrderNo").GetString()!.StartsWith(p, StringComparison.Ordinal)).ToList();
        Assert.Equal(6, mine.Count);
        Assert.All(mine, i => Assert.Equal(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), i.GetProperty("date").GetString()));
        var resolved = await finance.PostAsJsonAsync($"/api/v1/finance/reconciliation/items/{mine[0].GetProperty("id").GetInt64()}/resolution",
            new { resolution = "Ignored", note = "平台已确认" });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        carried = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/reconciliation/runs/{second.GetProperty("id").GetInt64()}/carried?q={p}");
        Assert.Equal(5, carried.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_failed_run_keeps_the_previous_result_and_says_why()
    {
        var (_, finance, _, d, file) = await FixtureAsync(Today.AddDays(-9));
        Assert.Equal(HttpStatusCode.Created, (await PartnerClient.UploadAsync(finance, "P832", d, file, "p832.csv")).StatusCode);
        var good = await PartnerClient.ReconcileAsync(finance, "P832", d);
        Assert.Equal("Succeeded", good.GetProperty("status").GetString());

        // No statement for the date: the run fails, saying so, and the other date's result is untouched.
        var failed = await PartnerClient.ReconcileAsync(finance, "P832", d.AddDays(-1));
        Assert.Equal("Failed", failed.GetProperty("status").GetString());
        Assert.Contains("对账单", failed.GetProperty("error").GetString(), StringComparison.Ordinal);

        // A run that breaks while classifying (its statement's rows made unreadable) fails and leaves the date's result as it was.
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Infrastructure.Persistence.ProcurementDbContext>();
            var statementId = good.GetProperty("statementId").GetInt64();
            return await db.Database.ExecuteSqlAsync($"UPDATE PartnerStatementRows SET Amount = 'broken' WHERE StatementId = {statementId} AND Line = 2");
        });
        var broken = await PartnerClient.ReconcileAsync(finance, "P832", d);
        Assert.Equal("Failed", broken.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(broken.GetProperty("error").GetString()));
        var still = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/reconciliation/runs/{good.GetProperty("id").GetInt64()}");
        Assert.True(still.GetProperty("current").GetBoolean());
        Assert.Equal(10, (await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/reconciliation/runs/{good.GetProperty("id").GetInt64()}/items")).GetProperty("total").GetInt32());
        var runs = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/reconciliation/runs?partnerCode=P832&from={d:yyyy-MM-dd}&to={d:yyyy-MM-dd}");
        Assert.Equal(["Failed", "Succeeded"], runs.EnumerateArray().Select(r => r.GetProperty("status").GetString()!).ToArray());
    }

    [Fact]
    public async Task A_bad_statement_is_refused_whole_with_every_bad_row_named()
    {
        var s = await OrderingScenario.CreateAsync(app);
        var finance = await s.FinanceAsync();
        var d = Today.AddDays(-12);
        var bad = string.Join("\n", Header,
            Row("B1", d, 10m, "已完成"),
            "B2,2026-11-01 10:00:00,苏州市总工会,abc,0.00,1.234,0.00,已完成," + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Row("B3", d, 10m, "丢失"),
            Row("B4", d.AddDays(1), 10m, "已完成"));
        var response = await PartnerClient.UploadAsync(finance, "P832", d, Encoding.UTF8.GetBytes(bad), "bad.csv");
        var problem = await response.IsValidationProblemAsync("row 3: 商品金额", "row 3: 实付金额", "row 4: 订单状态", "row 5: 结算日期");
        Assert.DoesNotContain("row 2", problem.GetProperty("errors").GetRawText(), StringComparison.Ordinal);
        // Nothing was stored: the good first row did not stay behind.
        var statements = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/reconciliation/statements?partnerCode=P832&from={d:yyyy-MM-dd}&to={d:yyyy-MM-dd}");
        Assert.Equal(0, statements.GetArrayLength());

        await (await PartnerClient.UploadAsync(finance, "P832", d, Encoding.UTF8.GetBytes("订单号,金额\nX,1\n"), "wrong.csv")).IsValidationProblemAsync("row 1: header");
        await (await PartnerClient.UploadAsync(finance, "P832", d, Encoding.UTF8.GetBytes(Header + "\n"), "empty.csv")).IsValidationProblemAsync("file");
        await (await PartnerClient.UploadAsync(finance, "P832", d, [], "zero.csv")).IsValidationProblemAsync("file");
        await (await PartnerClient.UploadAsync(finance, "TAOBAO", d, Encoding.UTF8.GetBytes(Header), "x.csv")).IsValidationProblemAsync("partnerCode");
        await (await PartnerClient.UploadAsync(finance, "P832", Today.AddDays(1), Encoding.UTF8.GetBytes(bad), "tomorrow.csv")).IsValidationProblemAsync("date");
        await (await PartnerClient.UploadAsync(finance, "GSXF", d, Encoding.UTF8.GetBytes(Header), "x.xlsx")).IsValidationProblemAsync("file");
        Assert.Equal(HttpStatusCode.Forbidden, (await PartnerClient.UploadAsync(s.Purchaser, "P832", d, Encoding.UTF8.GetBytes(bad), "bad.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PartnerClient.UploadAsync(await app.AdminClientAsync(), "P832", d, Encoding.UTF8.GetBytes(bad), "bad.csv")).StatusCode);

        // Over 60 MB: 413, whether the request says so up front or not.
        var huge = new byte[Core.Partners.StatementFormats.MaxBytes + 1];
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PartnerClient.UploadAsync(finance, "P832", d, huge, "huge.csv")).StatusCode);
    }
}
