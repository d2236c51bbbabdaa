using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MiniExcelLibs;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Ordering;

/// <summary>
/// The union's own reference (审批单号 / 经费科目, #22): given at creation, read back in the order's details, changed
/// while the order is a draft, refused once it is past its draft, and carried by the order's export.
/// </summary>
public sealed class OrderReferenceApiTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    private static object Lines(Guid sku, int quantity) => new[] { new { skuId = sku, quantity } };

    [Fact]
    public async Task A_reference_is_kept_trimmed_revised_on_a_draft_refused_after_approval_and_exported()
    {
        var s = await CreateAsync(app);
        var sku = (await s.PublishAsync((30m, 1000)))[0];

        var created = await PostOrderAsync(s.Purchaser, new { occasion = "MidAutumn", note = "中秋慰问", reference = "  GH-2026-审-031  ", lines = Lines(sku, 2) });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal("GH-2026-审-031", (await s.OrderAsync(id)).GetProperty("reference").GetString());

        // Too long: refused naming the field, nothing made.
        await (await PostOrderAsync(s.Purchaser, new { occasion = "MidAutumn", reference = new string('经', 65), lines = Lines(sku, 2) }))
            .IsValidationProblemAsync("reference");

        // The draft's revision sets it as it should be; too long is refused and the order keeps the one it had.
        var revised = await s.Purchaser.PutAsJsonAsync($"/api/v1/orders/{id}/lines", new { note = "中秋慰问", reference = "经费科目 2310301", lines = Lines(sku, 2) });
        Assert.True(revised.IsSuccessStatusCode, await revised.Content.ReadAsStringAsync());
        Assert.Equal("经费科目 2310301", (await revised.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reference").GetString());
        await (await s.Purchaser.PutAsJsonAsync($"/api/v1/orders/{id}/lines", new { reference = new string('x', 65), lines = Lines(sku, 2) }))
            .IsValidationProblemAsync("reference");
        Assert.Equal("经费科目 2310301", (await s.OrderAsync(id)).GetProperty("reference").GetString());

        // The list shows it and finds the order by it.
        var list = await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders?q={Uri.EscapeDataString("2310301")}");
        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(id, item.GetProperty("id").GetGuid());
        Assert.Equal("经费科目 2310301", item.GetProperty("reference").GetString());

        // The export carries it on the order's own sheet; the recipients' columns are as they were.
        var put = await PutRecipientsAsync(s.Purchaser, id, Csv(Rows(2)));
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        var export = await s.Purchaser.GetAsync($"/api/v1/orders/{id}/export");
        Assert.True(export.IsSuccessStatusCode, await export.Content.ReadAsStringAsync());
        var file = new MemoryStream(await export.Content.ReadAsByteArrayAsync());
        var particulars = file.Query(useHeaderRow: true, sheetName: "订单").Cast<IDictionary<string, object?>>()
            .ToDictionary(r => (string)r["项目"]!, r => r["内容"]?.ToString());
        Assert.Equal("经费科目 2310301", particulars["审批单号/经费科目"]);
        Assert.Equal((await s.OrderAsync(id)).GetProperty("number").GetString(), particulars["订单号"]);
        var recipients = file.Query(useHeaderRow: true, sheetName: "收件人").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(["姓名", "手机号", "省", "市", "区县", "详细地址", "份数", "每份内容"], recipients[0].Keys);

        // Approved: the reference is fixed with the order (409), and still read back.
        Assert.True((await s.Purchaser.PostAsync($"/api/v1/orders/{id}/submit", null)).IsSuccessStatusCode);
        var approved = await s.Approver.PostAsync($"/api/v1/orders/{id}/approve", null);
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        await (await s.Purchaser.PutAsJsonAsync($"/api/v1/orders/{id}/lines", new { reference = "改过的", lines = Lines(sku, 2) }))
            .IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        Assert.Equal("经费科目 2310301", (await s.OrderAsync(id)).GetProperty("reference").GetString());

        // The bank-transfer payment notice names it too (its own `reference` stays the transfer's 附言).
        var notice = await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}/payment-notice");
        Assert.Equal("经费科目 2310301", notice.GetProperty("orderReference").GetString());
        var xlsx = await s.Purchaser.GetByteArrayAsync($"/api/v1/orders/{id}/payment-notice.xlsx");
        var rows = Infrastructure.Files.XlsxSheetReader.Rows(new MemoryStream(xlsx)).ToDictionary(r => r.Cells[0], r => r.Cells.ElementAtOrDefault(1));
        Assert.Equal("经费科目 2310301", rows["审批单号/经费科目"]);
    }

    [Fact]
    public async Task An_order_without_a_reference_reads_null_and_blank_means_none()
    {
        var s = await CreateAsync(app);
        var sku = (await s.PublishAsync((30m, 1000)))[0];
        var id = await s.DraftAsync((sku, 2));
        Assert.Equal(JsonValueKind.Null, (await s.OrderAsync(id)).GetProperty("reference").ValueKind);
        var revised = await s.Purchaser.PutAsJsonAsync($"/api/v1/orders/{id}/lines", new { reference = "   ", lines = Lines(sku, 2) });
        Assert.True(revised.IsSuccessStatusCode, await revised.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Null, (await revised.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reference").ValueKind);
    }
}
