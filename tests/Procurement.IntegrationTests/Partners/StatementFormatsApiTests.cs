using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Procurement.Core.Common;
using Procurement.Infrastructure.Partners;
using Procurement.IntegrationTests.Ordering;

namespace Procurement.IntegrationTests.Partners;

/// <summary>
/// JSGH's statement API on loopback: pages of <c>{ date, items, page, pageCount }</c>, failing the first
/// <see cref="Failures"/> requests with 503.
/// </summary>
public sealed class FakeJsgh : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _calls;

    public FakeJsgh()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGet("/statements", (string date, int page, HttpRequest request) =>
        {
            Requests.Add((date, page, request.Headers["X-Partner-Signature"].ToString()));
            if (Interlocked.Increment(ref _calls) <= Failures)
            {
                return Results.StatusCode(503);
            }
            var items = Pages.TryGetValue(page, out var rows) ? rows : [];
            return Results.Json(new { date, page, pageCount = Pages.Count, items });
        });
        _app.StartAsync().GetAwaiter().GetResult();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public string BaseUrl { get; }
    public int Failures { get; set; }
    public Dictionary<int, object[]> Pages { get; } = [];
    public ConcurrentBag<(string Date, int Page, string Signature)> Requests { get; } = [];

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>The partner app with JSGH's statement API at a fake on loopback.</summary>
public sealed class PullApp : PartnerApp
{
    public FakeJsgh Jsgh { get; } = new();

    public PartnerApp App => this;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Partners:JSGH:BaseUrl", Jsgh.BaseUrl);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Jsgh.DisposeAsync();
    }
}

/// <summary>GSXF's XLSX, JSGH's JSON (uploaded and pulled), and P832's CSV in UTF-8 with a BOM.</summary>
public sealed class StatementFormatsApiTests(PullApp pull) : IClassFixture<PullApp>
{
    private static DateOnly Today => BusinessDate.Today(TimeProvider.System);

    [Fact]
    public async Task A_gsxf_workbook_is_read_with_refunds_net_and_a_bad_status_named()
    {
        var s = await OrderingScenario.CreateAsync(pull.App);
        var finance = await s.FinanceAsync();
        var d = Today.AddDays(-2);
        var day = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var rows = new[]
        {
            new Dictionary<string, object> { ["平台订单号"] = "GX0001", ["商户订单号"] = "", ["交易金额"] = 100m, ["退款金额"] = 30m, ["交易状态"] = "部分退款", ["清算日期"] = day },
            new Dictionary<string, object> { ["平台订单号"] = "ＧＸ０００２", ["商户订单号"] = "", ["交易金额"] = 50m, ["退款金额"] = 0m, ["交易状态"] = "成功", ["清算日期"] = day },
        };
        using var workbook = new MemoryStream();
        workbook.SaveAs(rows);
        var stored = await PartnerClient.UploadAsync(finance, "GSXF", d, workbook.ToArray(), "gsxf.xlsx");
        Assert.True(stored.StatusCode == HttpStatusCode.Created, await stored.Content.ReadAsStringAsync());
        var run = await PartnerClient.ReconcileAsync(finance, "GSXF", d);
        Assert.Equal(2, run.GetProperty("summary").GetProperty("missingLocal").GetInt32());
        // Net of the refund: 70 + 50.
        Assert.Equal(120m, run.GetProperty("totals").GetProperty("remoteAmount").GetDecimal());
        var items = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/reconciliation/runs/{run.GetProperty("id").GetInt64()}/items");
        Assert.Contains(items.GetProperty("items").EnumerateArray(), i => i.GetProperty("partnerOrderNo").GetString() == "GX0002");

        rows[1]["交易状态"] = "丢失";
        using var bad = new MemoryStream();
        bad.SaveAs(rows);
        await (await PartnerClient.UploadAsync(finance, "GSXF", d, bad.ToArray(), "gsxf-bad.xlsx")).IsValidationProblemAsync("row 3: 交易状态");
    }

    [Fact]
    public async Task A_jsgh_json_and_a_p832_csv_with_a_bom_are_read()
    {
        var s = await OrderingScenario.CreateAsync(pull.App);
        var finance = await s.FinanceAsync();
        var d = Today.AddDays(-3);
        var day = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var json = JsonSerializer.Serialize(new
        {
            date = day,
            items = new object[]
            {
                new { partnerOrderNo = "JS0001", orderNo = "", amount = 88.5m, refundAmount = 0m, status = "Completed", settledAt = $"{day}T10:00:00+08:00" },
                new { partnerOrderNo = "JS0001", orderNo = "", amount = 88.5m, refundAmount = 0m, status = "Completed", settledAt = day },
            },
        });
        var stored = await PartnerClient.UploadAsync(finance, "JSGH", d, Encoding.UTF8.GetBytes(json), "jsgh.json");
        Assert.True(stored.StatusCode == HttpStatusCode.Created, await stored.Content.ReadAsStringAsync());
        var run = await PartnerClient.ReconcileAsync(finance, "JSGH", d);
        Assert.Equal((1, 1), (run.GetProperty("summary").GetProperty("missingLocal").GetInt32(), run.GetProperty("summary").GetProperty("duplicate").GetInt32()));
        await (await PartnerClient.UploadAsync(finance, "JSGH", d.AddDays(-1), Encoding.UTF8.GetBytes(json.Replace("88.5", "-1", StringComparison.Ordinal)), "jsgh.json"))
            .IsValidationProblemAsync("date");
        await (await PartnerClient.UploadAsync(finance, "JSGH", d, Encoding.UTF8.GetBytes("{ not json"), "jsgh.json")).IsValidationProblemAsync("file");

        var csv = "\uFEFF订单编号,下单时间,采购单位,商品金额,运费,实付金额,平台服务费,订单状态,结算日期\r\nBOM0001,2026-11-01 08:00:00,南京市总工会,10.00,0.00,10.00,0.30,已完成," + day + "\r\n";
        var bom = await PartnerClient.UploadAsync(finance, "P832", d, Encoding.UTF8.GetBytes(csv), "bom.csv");
        Assert.True(bom.StatusCode == HttpStatusCode.Created, await bom.Content.ReadAsStringAsync());
        Assert.Equal(1, (await bom.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows").GetInt32());
    }

    [Fact]
    public async Task The_pull_job_fetches_every_page_through_two_failures_and_stores_the_statement_once()
    {
        var d = Today.AddDays(-1);
        var day = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        pull.Jsgh.Pages[1] = [new { partnerOrderNo = "PULL01", orderNo = "", amount = 10m, refundAmount = 0m, status = "Completed", settledAt = day }];
        pull.Jsgh.Pages[2] = [new { partnerOrderNo = "PULL02", orderNo = "", amount = 20m, refundAmount = 5m, status = "PartiallyRefunded", settledAt = day }];
        pull.Jsgh.Failures = 2;
        var first = await pull.App.WithScopeAsync(sp => sp.GetRequiredService<PartnerStatementPullJob>().PullAsync(d, CancellationToken.None));
        Assert.NotNull(first);
        // Two 503s, then page 1 and page 2; each signed with our JSGH secret.
        Assert.Equal(4, pull.Jsgh.Requests.Count);
        Assert.All(pull.Jsgh.Requests, r => Assert.Matches("^[0-9a-f]{64}$", r.Signature));
        var again = await pull.App.WithScopeAsync(sp => sp.GetRequiredService<PartnerStatementPullJob>().PullAsync(d, CancellationToken.None));
        Assert.Equal(first, again);

        var s = await OrderingScenario.CreateAsync(pull.App);
        var finance = await s.FinanceAsync();
        var statements = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/reconciliation/statements?partnerCode=JSGH&from={day}&to={day}");
        var statement = Assert.Single(statements.EnumerateArray());
        Assert.Equal(("pull", 2), (statement.GetProperty("source").GetString(), statement.GetProperty("rows").GetInt32()));
    }
}
