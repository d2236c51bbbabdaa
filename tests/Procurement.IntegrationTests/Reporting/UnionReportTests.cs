using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Reporting;
using Procurement.Infrastructure.Persistence;
using Procurement.IntegrationTests.Fulfilment;
using static Procurement.IntegrationTests.Reporting.ReportingApp;

namespace Procurement.IntegrationTests.Reporting;

/// <summary>
/// The federation's report on a hand-built tree (province → two cities → an enterprise under the first): orders paid
/// either side of Beijing midnight and of the year's end, an after-sales refund and a whole refund, a certificate that
/// ended between two orders, partner pushes with a known, an unknown (then matched) and no USCC; the city sees its
/// subtree and never its sibling's; the aggregates rebuilt from scratch equal the live ones.
/// </summary>
public sealed class UnionReportTests(ReportingApp app) : IClassFixture<ReportingApp>
{
    private const string Chengxian = "621221", Minxian = "621126";

    [Fact]
    public async Task The_report_counts_a_subtree_net_of_refunds_by_Beijing_date_paid_with_partner_channels_and_rebuilds_to_the_same_rows()
    {
        try
        {
            app.Clock.Now = Beijing("2026-06-30T10:00:00");
            var s = new ReportingScenario(app);
            await s.BuildAsync();
            // 核桃 from 成县, certified until 30 June; 当归 from 岷县, never certified.
            var (walnut, walnutCode) = await s.PublishAsync("成县核桃", Chengxian, 100m, "2026-06-30");
            var (angelica, angelicaCode) = await s.PublishAsync("岷县当归", Minxian, 50m, null);

            // Partner pushes: one naming the enterprise's USCC (then partly refunded), one an unknown USCC, one none.
            await s.PushAsync("P832", "P832-0001", Beijing("2026-05-01T10:00:00"), s.Enterprise.Uscc, (walnutCode, 1, 100m));
            await s.PartnerRefundAsync("P832", "P832-0001", 40m);
            var unknownUscc = TestUscc.Next();
            await s.PushAsync("JSGH", "JSGH-0001", Beijing("2026-06-01T10:00:00"), unknownUscc, (angelicaCode, 2, 50m));
            await s.PushAsync("GSXF", "GSXF-0001", Beijing("2026-06-02T10:00:00"), null, (angelicaCode, 3, 50m));
            // One the partner later cancels (a revision), after a refund of part of it: it counts for nothing.
            await s.PushAsync("P832", "P832-0002", Beijing("2026-05-02T10:00:00"), s.Enterprise.Uscc, (walnutCode, 2, 100m));
            await s.PartnerRefundAsync("P832", "P832-0002", 30m);
            await s.PushAsync("P832", "P832-0002", Beijing("2026-05-02T10:00:00"), s.Enterprise.Uscc, "Cancelled", (walnutCode, 2, 100m));

            // O1: both products while 核桃 is certified, paid at 23:50 on 30 June (Beijing; 15:50 UTC).
            var o1 = await s.SubmittedAsync(s.Enterprise, 2, (walnut, 2), (angelica, 2));
            // O5: paid the same minute, then cancelled by the purchaser: refunded whole.
            var o5 = await s.SubmittedAsync(s.Enterprise, 1, (angelica, 1));
            app.Clock.Now = Beijing("2026-06-30T23:50:00");
            await s.PayAsync(s.Enterprise, o1);
            await s.PayAsync(s.Enterprise, o5);
            var cancelled = await (await s.AsAsync(s.Enterprise.Purchaser)).PostAsJsonAsync($"/api/v1/orders/{o5}/cancel", new { reason = "改期" });
            Assert.True(cancelled.IsSuccessStatusCode, await cancelled.Content.ReadAsStringAsync());

            // O2: ordered at 00:10 on 1 July (still 30 June in UTC): the certificate has ended, so it is no 帮扶 purchase.
            app.Clock.Now = Beijing("2026-07-01T00:10:00");
            var o2 = await s.SubmittedAsync(s.Enterprise, 2, (walnut, 2));
            await s.PayAsync(s.Enterprise, o2);

            // One package of O1 arrives damaged: the supplier refunds it (one 核桃 and one 当归: 150).
            var supplier = await s.AsAsync(s.SupplierEmail);
            var parcels = await FulfilmentApiTests.ShipmentsAsync(supplier, "/api/v1/supplier/shipments?pageSize=100");
            var o1Parcel = parcels.First(p => p.GetProperty("orderId").GetGuid() == o1).GetProperty("id").GetInt64();
            (await FulfilmentApiTests.ImportAsync(supplier, $"shipment_id,carrier,tracking_no\n{o1Parcel},EMS,EMS{o1Parcel:D10}\n")).EnsureSuccessStatusCode();
            var reported = await (await s.AsAsync(s.Enterprise.Purchaser)).PostAsJsonAsync($"/api/v1/orders/{o1}/after-sales",
                new { shipmentId = o1Parcel, kind = "Damaged", description = "压坏" });
            Assert.Equal(HttpStatusCode.Created, reported.StatusCode);
            var caseId = (await reported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            (await supplier.PostAsJsonAsync($"/api/v1/supplier/after-sales/{caseId}/refund", new { })).EnsureSuccessStatusCode();

            // O3: the city's own order, paid five minutes before the year ends; O4 five minutes after.
            app.Clock.Now = Beijing("2026-12-31T23:50:00");
            var o3 = await s.SubmittedAsync(s.CityA, 1, (angelica, 1));
            app.Clock.Now = Beijing("2026-12-31T23:55:00");
            await s.PayAsync(s.CityA, o3);
            var o4 = await s.SubmittedAsync(s.CityA, 1, (angelica, 1));
            app.Clock.Now = Beijing("2027-01-01T00:05:00");
            await s.PayAsync(s.CityA, o4);

            // Finance sees the unknown USCC, matches it to the second city: its earlier push counts there now, and later ones too.
            var finance = await s.AsAsync(s.FinanceEmail);
            var unmatched = (await finance.GetFromJsonAsync<JsonElement>("/api/v1/finance/partner-buyers/unmatched")).GetProperty("items").EnumerateArray().ToList();
            var waiting = Assert.Single(unmatched);
            Assert.Equal((unknownUscc, 1, 100m), (waiting.GetProperty("uscc").GetString(), waiting.GetProperty("orders").GetInt32(), waiting.GetProperty("amount").GetDecimal()));
            await (await finance.PostAsJsonAsync("/api/v1/finance/partner-buyers/match", new { uscc = "not-a-uscc", unionId = s.CityB.Id })).IsValidationProblemAsync("uscc");
            var matched = await finance.PostAsJsonAsync("/api/v1/finance/partner-buyers/match", new { uscc = unknownUscc, unionId = s.CityB.Id });
            Assert.True(matched.IsSuccessStatusCode, await matched.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.NotFound, (await finance.PostAsJsonAsync("/api/v1/finance/partner-buyers/match", new { uscc = unknownUscc, unionId = s.CityA.Id })).StatusCode);
            Assert.Empty((await finance.GetFromJsonAsync<JsonElement>("/api/v1/finance/partner-buyers/unmatched")).GetProperty("items").EnumerateArray());
            await s.PushAsync("JSGH", "JSGH-0002", Beijing("2027-01-01T00:04:00"), unknownUscc, (angelicaCode, 1, 50m));

            // The province, as finance: everything, net.
            var province = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/union/report?year=2026&unionId={s.Province.Id}");
            var totals = province.GetProperty("totals");
            Assert.Equal((5, 560m, 160m, 0.2857m, 7), (totals.GetProperty("orders").GetInt32(), totals.GetProperty("amount").GetDecimal(),
                totals.GetProperty("assistanceAmount").GetDecimal(), totals.GetProperty("assistanceShare").GetDecimal(), totals.GetProperty("membersServed").GetInt32()));
            Assert.Equal(["Platform:400", "P832:60", "JSGH:100", "GSXF:0"], province.GetProperty("byChannel").EnumerateArray()
                .Select(c => $"{c.GetProperty("channel").GetString()}:{c.GetProperty("amount").GetDecimal():0.##}"));
            Assert.Equal([$"{Chengxian}:成县:360", $"{Minxian}:岷县:200"], province.GetProperty("byCounty").EnumerateArray()
                .Select(c => $"{c.GetProperty("countyCode").GetString()}:{c.GetProperty("countyName").GetString()}:{c.GetProperty("amount").GetDecimal():0.##}"));
            var months = province.GetProperty("byMonth").EnumerateArray().ToDictionary(m => m.GetProperty("month").GetString()!,
                m => (m.GetProperty("amount").GetDecimal(), m.GetProperty("assistanceAmount").GetDecimal()));
            Assert.Equal(12, months.Count);
            Assert.Equal((60m, 60m), months["2026-05"]);
            Assert.Equal((250m, 100m), months["2026-06"]);
            Assert.Equal((200m, 0m), months["2026-07"]);
            Assert.Equal((50m, 0m), months["2026-12"]);
            Assert.Equal((0m, 0m), months["2026-01"]);
            Assert.Equal(["南京市总工会:460:160", "苏州市总工会:100:0"], province.GetProperty("children").EnumerateArray()
                .Select(c => $"{c.GetProperty("name").GetString()}:{c.GetProperty("amount").GetDecimal():0.##}:{c.GetProperty("assistanceAmount").GetDecimal():0.##}"));

            // The first city's approver: its subtree only; the sibling city and the province above answer 404.
            var cityApprover = await s.AsAsync(s.CityA.Approver);
            var city = await cityApprover.GetFromJsonAsync<JsonElement>("/api/v1/union/report?year=2026");
            Assert.Equal(s.CityA.Id, city.GetProperty("unionId").GetGuid());
            Assert.Equal((4, 460m, 160m, 6), (city.GetProperty("totals").GetProperty("orders").GetInt32(), city.GetProperty("totals").GetProperty("amount").GetDecimal(),
                city.GetProperty("totals").GetProperty("assistanceAmount").GetDecimal(), city.GetProperty("totals").GetProperty("membersServed").GetInt32()));
            var child = Assert.Single(city.GetProperty("children").EnumerateArray());
            Assert.Equal((s.Enterprise.Id, 410m, 160m, 0.3902m), (child.GetProperty("unionId").GetGuid(), child.GetProperty("amount").GetDecimal(),
                child.GetProperty("assistanceAmount").GetDecimal(), child.GetProperty("assistanceShare").GetDecimal()));
            Assert.Equal(HttpStatusCode.NotFound, (await cityApprover.GetAsync($"/api/v1/union/report?year=2026&unionId={s.CityB.Id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await cityApprover.GetAsync($"/api/v1/union/report?year=2026&unionId={s.Province.Id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await cityApprover.GetAsync($"/api/v1/union/report/export?year=2026&format=csv&unionId={s.CityB.Id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await (await s.AsAsync(s.Enterprise.Purchaser)).GetAsync($"/api/v1/union/report?year=2026&unionId={s.CityA.Id}")).StatusCode);
            var drilled = await cityApprover.GetFromJsonAsync<JsonElement>($"/api/v1/union/report?year=2026&unionId={s.Enterprise.Id}");
            Assert.Equal(410m, drilled.GetProperty("totals").GetProperty("amount").GetDecimal());
            await (await cityApprover.GetAsync("/api/v1/union/report?year=1999")).IsValidationProblemAsync("year");
            await (await finance.GetAsync("/api/v1/union/report?year=2026")).IsValidationProblemAsync("unionId");

            // The next year holds what was paid after midnight on 31 December, and the matched buyer's later push.
            var next = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/union/report?year=2027&unionId={s.Province.Id}");
            Assert.Equal(["南京市总工会:50", "苏州市总工会:50"], next.GetProperty("children").EnumerateArray()
                .Select(c => $"{c.GetProperty("name").GetString()}:{c.GetProperty("amount").GetDecimal():0.##}"));

            // From a county to its products (this platform's orders of the subtree, as ordered).
            var products = await cityApprover.GetFromJsonAsync<JsonElement>($"/api/v1/union/report/counties/{Chengxian}/products?year=2026");
            var walnutRow = Assert.Single(products.GetProperty("items").EnumerateArray());
            Assert.Equal(("成县核桃", 4, 400m), (walnutRow.GetProperty("productName").GetString(), walnutRow.GetProperty("quantity").GetInt32(), walnutRow.GetProperty("amount").GetDecimal()));

            // The 填报 export: one row per union of the subtree (its own figures), then the totals; numbers as numbers.
            var csv = Encoding.UTF8.GetString(await cityApprover.GetByteArrayAsync("/api/v1/union/report/export?year=2026&format=csv")).TrimStart('\uFEFF')
                .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("单位名称,统一社会信用代码,上级单位,层级,订单数,采购金额,帮扶金额,帮扶占比,服务职工人次,目标占比,预留份额,完成进度,是否达标", csv[0]);
            Assert.Equal(4, csv.Length);
            Assert.StartsWith($"南京市总工会,{s.CityA.Uscc},江苏省总工会,0,1,50.00,0.00,0,1,0.3,0.00,", csv[1]);
            Assert.StartsWith($"南京紫金软件有限公司工会,{s.Enterprise.Uscc},南京市总工会,1,3,410.00,160.00,0.3902,5,0.3,0.00,", csv[2]);
            Assert.Equal("合计,,,0,4,460.00,160.00,0.3478,6,,,,", csv[3]);
            var xlsx = await cityApprover.GetAsync("/api/v1/union/report/export?year=2026&format=xlsx");
            Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
            using (var sheet = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()))
            {
                var rows = MiniExcelLibs.MiniExcel.Query(sheet, useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
                Assert.Equal(3, rows.Count);
                Assert.Equal(460d, Convert.ToDouble(rows[2]["采购金额"], System.Globalization.CultureInfo.InvariantCulture));
                Assert.IsType<double>(rows[1]["帮扶金额"]);
            }

            // Rebuilt from the orders, refunds and partner orders: the same rows as the live writer's (whose rows of zeros,
            // an order paid and refunded whole, a partner order cancelled, are no rows).
            var live = await RowsAsync();
            Assert.Contains(live, r => r.EndsWith("|0|0|0", StringComparison.Ordinal));
            live = live.Where(r => !r.EndsWith("|0|0|0", StringComparison.Ordinal)).ToList();
            Assert.True(live.Count >= 8, $"only {live.Count} rows");
            var rebuilt = await app.WithScopeAsync(async sp => (await sp.GetRequiredService<ReportRebuild>().RunAsync(CancellationToken.None)).Value);
            Assert.Equal(live.Count, rebuilt);
            Assert.Equal(live, await RowsAsync());
            // And from an empty table too (what a deploy that added it starts from).
            await app.WithScopeAsync(sp => sp.GetRequiredService<ProcurementDbContext>().ReportDailyFigures.ExecuteDeleteAsync());
            await app.WithScopeAsync(async sp => (await sp.GetRequiredService<ReportRebuild>().RunAsync(CancellationToken.None)).Value);
            Assert.Equal(live, await RowsAsync());
        }
        finally
        {
            app.Clock.Now = DateTimeOffset.UtcNow;
        }
    }

    [Fact]
    public async Task Targets_are_set_by_the_unions_approver_and_by_admins_and_judge_progress_pro_rata()
    {
        try
        {
            app.Clock.Now = Beijing("2026-07-02T12:00:00");
            var s = new ReportingScenario(app);
            await s.BuildAsync();
            var approver = await s.AsAsync(s.CityA.Approver);
            var defaults = await approver.GetFromJsonAsync<JsonElement>("/api/v1/union/targets/2026");
            Assert.Equal((0.30m, 0m), (defaults.GetProperty("assistanceTargetShare").GetDecimal(), defaults.GetProperty("reservedAmount").GetDecimal()));
            await (await approver.PutAsJsonAsync("/api/v1/union/targets/2026", new { assistanceTargetShare = 1.5m, reservedAmount = 10m })).IsValidationProblemAsync("assistanceTargetShare");
            await (await approver.PutAsJsonAsync("/api/v1/union/targets/2026", new { assistanceTargetShare = 0.5m, reservedAmount = -1m })).IsValidationProblemAsync("reservedAmount");
            await (await approver.PutAsJsonAsync("/api/v1/union/targets/1999", new { assistanceTargetShare = 0.5m, reservedAmount = 1m })).IsValidationProblemAsync("year");
            Assert.Equal(HttpStatusCode.Forbidden, (await (await s.AsAsync(s.CityA.Purchaser)).PutAsJsonAsync("/api/v1/union/targets/2026",
                new { assistanceTargetShare = 0.5m, reservedAmount = 1m })).StatusCode);
            var set = await approver.PutAsJsonAsync("/api/v1/union/targets/2026", new { assistanceTargetShare = 0.5m, reservedAmount = 1000m });
            Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());

            var admin = await app.AdminClientAsync();
            (await admin.PutAsJsonAsync($"/api/v1/admin/unions/{s.Enterprise.Id}/targets/2026", new { assistanceTargetShare = 0.3m, reservedAmount = 0m })).EnsureSuccessStatusCode();
            Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync($"/api/v1/admin/unions/{Guid.NewGuid()}/targets/2026",
                new { assistanceTargetShare = 0.3m, reservedAmount = 0m })).StatusCode);

            // Half the year gone (183 of 365 days) and nothing bought: the city is behind its reserved 1,000; the enterprise, with nothing reserved, is not.
            var report = await approver.GetFromJsonAsync<JsonElement>("/api/v1/union/report?year=2026");
            var target = report.GetProperty("target");
            Assert.Equal((0.5m, 1000m, 0m, 0.5014m, false), (target.GetProperty("share").GetDecimal(), target.GetProperty("reservedAmount").GetDecimal(),
                target.GetProperty("progress").GetDecimal(), target.GetProperty("expected").GetDecimal(), target.GetProperty("onTrack").GetBoolean()));
            Assert.True(Assert.Single(report.GetProperty("children").EnumerateArray()).GetProperty("onTrack").GetBoolean());
            // A target of a year not yet begun expects nothing yet.
            Assert.Equal(0m, (await approver.GetFromJsonAsync<JsonElement>("/api/v1/union/report?year=2027")).GetProperty("target").GetProperty("expected").GetDecimal());
        }
        finally
        {
            app.Clock.Now = DateTimeOffset.UtcNow;
        }
    }

    private Task<List<string>> RowsAsync() => app.WithScopeAsync(async sp =>
        (await sp.GetRequiredService<ProcurementDbContext>().ReportDailyFigures.AsNoTracking().ToListAsync())
        .Select(f => $"{f.UnionId}|{f.Day:yyyy-MM-dd}|{f.Channel}|{f.CountyCode}|{f.Assisted}|{f.AmountFen}|{f.Orders}|{f.Members}").Order(StringComparer.Ordinal).ToList());
}
