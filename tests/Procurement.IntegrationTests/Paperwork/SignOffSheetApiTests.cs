using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Procurement.IntegrationTests.Catalog.Listings;
using Procurement.IntegrationTests.Ordering;
using static Procurement.IntegrationTests.Fulfilment.FulfilmentApiTests;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Paperwork;

/// <summary>The 实名发放签领表 (#22): read back as CSV and XLSX, with masking, parcels per supplier and print settings; read like the order.</summary>
public sealed class SignOffSheetApiTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    [Fact]
    public async Task The_sign_off_sheet_lists_each_recipient_masked_with_each_suppliers_parcel_and_prints_landscape()
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var other = await SupplierScenario.CreateAsync(app, "甘南牦牛肉专业合作社");
        var skuA = (await s.PublishAsync((40m, 100)))[0];
        var skuB = (await s.PublishAsync(other, (60m, 100)))[0];
        var order = await s.ReadyAsync([(skuA, 3), (skuB, 6)],
            "张三,13800001234,江苏省,南京市,鼓楼区,中山北路 1 号,1",
            "李四,13900005678,江苏省,苏州市,姑苏区,\"人民路 100 号, 2 栋\",2");
        var number = (await s.OrderAsync(order)).GetProperty("number").GetString()!;

        // Before payment: no parcels, so the carrier, tracking and delivery cells are empty.
        var before = Lines(await s.Purchaser.GetStringAsync($"/api/v1/orders/{order}/sign-off-sheet?format=csv"));
        Assert.Equal("序号,姓名,手机号,收货地址,份数,商品,承运商,运单号,签收时间,签收人签字", before[1]);
        Assert.EndsWith(",,,,", before[2], StringComparison.Ordinal);

        var finance = await s.FinanceAsync();
        await s.PayByTransferAsync(order, finance);
        var mine = await ShipmentsAsync(s.Supplier.Client, "/api/v1/supplier/shipments");
        var theirs = await ShipmentsAsync(other.Client, "/api/v1/supplier/shipments");
        var zhang = (List<JsonElement> list) => list.Single(p => p.GetProperty("recipientName").GetString() == "张三").GetProperty("id").GetInt64();
        // Supplier A ships 张三's parcel; supplier B ships and delivers it; 李四's parcels are still waiting.
        Assert.True((await ImportAsync(s.Supplier.Client, $"shipment_id,carrier,tracking_no\n{zhang(mine)},顺丰速运,SF1000000001")).IsSuccessStatusCode);
        var at = DateTimeOffset.UtcNow.AddHours(8).AddMinutes(-30).ToString("yyyy-MM-dd HH:mm");
        Assert.True((await ImportAsync(other.Client, $"shipment_id,carrier,tracking_no,delivered_at\n{zhang(theirs)},中通快递,ZT2000000001,{at}")).IsSuccessStatusCode);

        var response = await s.Purchaser.GetAsync($"/api/v1/orders/{order}/sign-off-sheet?format=csv");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var csv = Lines(Encoding.UTF8.GetString(bytes));
        Assert.Contains(number, csv[0], StringComparison.Ordinal);
        Assert.Contains("南京测试工会", csv[0], StringComparison.Ordinal);
        Assert.Contains("实名发放签领表", csv[0], StringComparison.Ordinal);
        Assert.Contains("中秋", csv[0], StringComparison.Ordinal);
        Assert.Equal(4, csv.Count);
        var first = csv[2].Split(',');
        Assert.Equal(["1", "张三", "138****1234"], first[..3]);
        Assert.Equal("江苏省 南京市 鼓楼区 中山北路 1 号", first[3]);
        Assert.Equal("1", first[4]);
        Assert.Matches("× 1；.* × 2$", first[5]);
        // One parcel per supplier, in the order's supplier order (A then B); B's alone was delivered.
        Assert.Equal(["顺丰速运；中通快递", "SF1000000001；ZT2000000001", $"；{at}", ""], first[6..]);
        Assert.StartsWith("2,李四,139****5678,\"", csv[3], StringComparison.Ordinal);
        Assert.EndsWith(",,,,", csv[3], StringComparison.Ordinal);
        Assert.DoesNotContain("13800001234", string.Join("\n", csv), StringComparison.Ordinal);

        var xlsx = await s.Purchaser.GetAsync($"/api/v1/orders/{order}/sign-off-sheet?format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()));
        var sheet = XDocument.Load(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        var rows = sheet.Descendants(Main + "row").Select(r => r.Elements(Main + "c").Select(c => c.Value).ToList()).ToList();
        Assert.Contains(number, rows[0][0], StringComparison.Ordinal);
        Assert.Equal(["序号", "姓名", "手机号", "收货地址", "份数", "商品", "承运商", "运单号", "签收时间", "签收人签字"], rows[1]);
        Assert.Equal(["1", "张三", "138****1234"], rows[2][..3]);
        Assert.Equal("顺丰速运；中通快递", rows[2][6]);
        Assert.Equal("139****5678", rows[3][2]);
        Assert.Equal(4, rows.Count);
        var setup = sheet.Descendants(Main + "pageSetup").Single();
        Assert.Equal("landscape", setup.Attribute("orientation")?.Value);
        Assert.Equal("9", setup.Attribute("paperSize")?.Value);
        Assert.Equal("1", setup.Attribute("fitToWidth")?.Value);
        Assert.Equal("0", setup.Attribute("fitToHeight")?.Value);
        Assert.Equal("1", sheet.Descendants(Main + "pageSetUpPr").Single().Attribute("fitToPage")?.Value);
        var names = XDocument.Load(zip.GetEntry("xl/workbook.xml")!.Open()).Descendants(Main + "definedName").ToDictionary(d => d.Attribute("name")!.Value, d => d.Value);
        Assert.Equal("'签领表'!$2:$2", names["_xlnm.Print_Titles"]);
        Assert.Equal("'签领表'!$A$1:$J$4", names["_xlnm.Print_Area"]);

        // Finance reads it as it reads the order; a bad format is named.
        Assert.True((await finance.GetAsync($"/api/v1/orders/{order}/sign-off-sheet?format=csv")).IsSuccessStatusCode);
        await (await s.Purchaser.GetAsync($"/api/v1/orders/{order}/sign-off-sheet?format=pdf")).IsValidationProblemAsync("format");
    }

    [Fact]
    public async Task Another_union_gets_404_anonymous_401_and_a_supplier_403()
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((40m, 100)))[0];
        var order = await s.ReadyAsync([(sku, 1)], "张三,13800001234,江苏省,南京市,鼓楼区,中山北路 1 号,1");
        var other = await CreateAsync(app);
        await (await other.Purchaser.GetAsync($"/api/v1/orders/{order}/sign-off-sheet?format=csv")).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync($"/api/v1/orders/{order}/sign-off-sheet")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Supplier.Client.GetAsync($"/api/v1/orders/{order}/sign-off-sheet")).StatusCode);
    }

    private static List<string> Lines(string csv) => csv.TrimStart('\uFEFF').Split("\r\n").Where(l => l.Length > 0).ToList();
}
