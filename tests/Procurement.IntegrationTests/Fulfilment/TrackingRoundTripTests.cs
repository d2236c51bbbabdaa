using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Procurement.Core.Users;
using Procurement.IntegrationTests.Auth;
using Procurement.IntegrationTests.Ordering;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Fulfilment;

/// <summary>
/// The supplier's round-trip forgives (issue #21): the portal's packing list comes in the reader's language and goes
/// back filled in part way; blank rows are "not yet", skipped and counted; spaces in tracking numbers are dropped; the
/// contract's English header still imports; a bad row is still named by row and column.
/// </summary>
public sealed class TrackingRoundTripTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    private const string SupplierPassword = "Supplier2026pass";

    /// <summary>An order of one supplier's SKU for <paramref name="recipients"/> members, paid; and that supplier's browser, signed in on the sign-in page.</summary>
    private async Task<(OrderingScenario S, HttpClient Browser)> PaidAsync(int recipients)
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((40m, recipients + 10)))[0];
        var order = await s.ReadyAsync([(sku, recipients)], Enumerable.Range(0, recipients)
            .Select(i => $"会员{i:D3},138{i:D8},江苏省,南京市,鼓楼区,中山北路 {i + 1} 号,1").ToArray());
        await s.PayByTransferAsync(order, await s.FinanceAsync());
        var email = $"w{Guid.NewGuid():N}"[..12] + "@test.example.cn";
        await app.CreateUserAsync(email, SupplierPassword, Roles.Supplier, supplierId: s.Supplier.SupplierId);
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await WebSignIn.PostAsync(browser, email, SupplierPassword)).StatusCode);
        return (s, browser);
    }

    private static string[] Cells(string line) => line.Split(',');

    [Fact]
    public async Task A_packing_list_of_200_with_50_filled_imports_50_and_reports_150_skipped()
    {
        var (s, browser) = await PaidAsync(200);

        // The portal's packing list, read by a person: Chinese headers and states.
        var download = await browser.GetAsync("/supplier/shipments/packing-list.csv");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var lines = (await download.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("发货单号,快递公司,运单号,签收时间,订单号,收件人,手机号,地区,详细地址,份数,包裹内容,状态", lines[0]);
        Assert.Equal(201, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.EndsWith(",待发货", l, StringComparison.Ordinal));

        // Filled in for the first 50 parcels — tracking numbers typed with spaces, a full-width one and one inside — and left blank for the rest.
        var filled = new StringBuilder(lines[0]).Append("\r\n");
        var ids = new List<long>();
        for (var i = 1; i < lines.Length; i++)
        {
            var cells = Cells(lines[i]);
            if (i <= 50)
            {
                ids.Add(long.Parse(cells[0], System.Globalization.CultureInfo.InvariantCulture));
                cells[1] = "顺丰速运";
                cells[2] = $" SF 1000\u3000{i:D4} ";
            }
            filled.Append(string.Join(',', cells)).Append("\r\n");
        }
        var imported = await FulfilmentApiTests.ImportAsync(s.Supplier.Client, filled.ToString());
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
        var result = await imported.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((50, 50, 0, 150), (result.GetProperty("rows").GetInt32(), result.GetProperty("shipped").GetInt32(), result.GetProperty("delivered").GetInt32(),
            result.GetProperty("skipped").GetInt32()));

        // The 50 are sent with their numbers as typed less the spaces; the 150 still wait.
        var sent = await FulfilmentApiTests.ShipmentsAsync(s.Supplier.Client, "/api/v1/supplier/shipments?status=Shipped&pageSize=100");
        Assert.Equal(ids.Order(), sent.Select(x => x.GetProperty("id").GetInt64()).Order());
        Assert.All(sent, x => Assert.Matches("^SF1000[0-9]{4}$", x.GetProperty("trackingNo").GetString()!));
        var pending = await s.Supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/shipments?status=Pending");
        Assert.Equal(150, pending.GetProperty("total").GetInt32());

        // The rest filled in later: the 150 import, nothing skipped.
        var rest = new StringBuilder("shipment_id,carrier,tracking_no\r\n");
        foreach (var line in lines.Skip(51))
        {
            rest.Append(Cells(line)[0]).Append(",中通快递,ZT 2000 ").Append(Cells(line)[0]).Append("\r\n");
        }
        var second = await (await FulfilmentApiTests.ImportAsync(s.Supplier.Client, rest.ToString())).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((150, 0), (second.GetProperty("rows").GetInt32(), second.GetProperty("skipped").GetInt32()));
    }

    [Fact]
    public async Task The_api_packing_list_keeps_the_contract_and_an_english_reader_gets_english_labels()
    {
        var (s, browser) = await PaidAsync(2);
        var contract = await s.Supplier.Client.GetStringAsync("/api/v1/supplier/shipments/packing-list?format=csv");
        var contractLines = contract.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("shipment_id,carrier,tracking_no,delivered_at,订单号,收件人,手机号,地区,详细地址,份数,包裹内容,状态", contractLines[0]);
        Assert.All(contractLines.Skip(1), l => Assert.EndsWith(",Pending", l, StringComparison.Ordinal));

        using var english = new HttpRequestMessage(HttpMethod.Get, "/supplier/shipments/packing-list.csv");
        english.Headers.AcceptLanguage.ParseAdd("en");
        var englishLines = (await (await browser.SendAsync(english)).Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("shipment_id,carrier,tracking_no,delivered_at,Order,Recipient", englishLines[0], StringComparison.Ordinal);
        Assert.All(englishLines.Skip(1), l => Assert.EndsWith(",To send", l, StringComparison.Ordinal));

        // The portal's XLSX, read back: Chinese headers and states.
        var xlsx = await browser.GetByteArrayAsync("/supplier/shipments/packing-list.xlsx");
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal("待发货", r["状态"]));
        Assert.True(rows[0].ContainsKey("运单号") && rows[0].ContainsKey("发货单号"));
    }

    [Fact]
    public async Task Chinese_and_english_headers_both_import_and_a_bad_row_is_still_named_among_skipped_ones()
    {
        var (s, _) = await PaidAsync(4);
        var ids = (await FulfilmentApiTests.ShipmentsAsync(s.Supplier.Client, "/api/v1/supplier/shipments")).Select(x => x.GetProperty("id").GetInt64()).Order().ToList();

        // Chinese headers, as the portal's list has them; a blank row between is skipped and counted.
        var chinese = $"发货单号,快递公司,运单号,签收时间,状态\r\n{ids[0]},顺丰速运,SF 0000 0001,,待发货\r\n{ids[1]},,,,待发货\r\n";
        var zh = await (await FulfilmentApiTests.ImportAsync(s.Supplier.Client, chinese)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 1), (zh.GetProperty("rows").GetInt32(), zh.GetProperty("skipped").GetInt32()));

        // A bad row among skipped ones: too short once its spaces go, a delivery without a tracking number, a carrier
        // without one is still "not yet" (skipped). The file is refused whole, each bad cell named; nothing written.
        var bad = "shipment_id,carrier,tracking_no,delivered_at\r\n" +
                  $"{ids[1]},中通快递,Z 1 2,\r\n" +                     // row 2: tracking_no
                  $"{ids[2]},中通快递,,2026-01-01\r\n" +                // row 3: tracking_no (a delivery needs a number)
                  $"{ids[3]},中通快递,\u3000,\r\n";                      // row 4: not yet
        var refused = await FulfilmentApiTests.ImportAsync(s.Supplier.Client, bad);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("row 2: tracking_no", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("row 3: tracking_no", out _), errors.ToString());
        Assert.False(errors.TryGetProperty("row 4: tracking_no", out _), errors.ToString());
        var pending = await s.Supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/shipments?status=Pending");
        Assert.Equal(3, pending.GetProperty("total").GetInt32());

        // The contract's English header still imports.
        var en = await FulfilmentApiTests.ImportAsync(s.Supplier.Client, $"shipment_id,carrier,tracking_no\r\n{ids[1]},EMS,EMS0000000002\r\n");
        Assert.True(en.IsSuccessStatusCode, await en.Content.ReadAsStringAsync());
        Assert.Equal(0, (await en.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("skipped").GetInt32());
    }
}
