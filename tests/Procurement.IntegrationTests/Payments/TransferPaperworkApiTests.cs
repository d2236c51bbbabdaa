using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Procurement.Infrastructure.Files;
using Procurement.IntegrationTests.Ordering;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Payments;

/// <summary>The payment notice (付款通知书) and "paid, here is the receipt": bounded, judged by bytes, and only for the order's readers.</summary>
public sealed class TransferPaperworkApiTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n");

    private async Task<(OrderingScenario S, Guid Order, decimal Total)> ApprovedAsync()
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((299.70m, 100)))[0];
        var order = await s.ReadyAsync([(sku, 3)], Rows(3));
        Assert.True((await s.Purchaser.PostAsync($"/api/v1/orders/{order}/submit", null)).IsSuccessStatusCode);
        return (s, order, (await s.OrderAsync(order)).GetProperty("total").GetDecimal());
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid order, byte[] bytes, string name = "回单.pdf", string type = "application/pdf")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        form.Add(file, "file", name);
        return client.PostAsync($"/api/v1/orders/{order}/payments/receipt", form);
    }

    private int StoredReceipts() =>
        Directory.Exists(Path.Combine(app.DataDirectory, "files")) ? Directory.EnumerateFiles(Path.Combine(app.DataDirectory, "files"), "*", SearchOption.AllDirectories).Count() : 0;

    [Fact]
    public async Task The_payment_notice_gives_the_payee_the_amount_in_capitals_and_the_reference_and_reads_back_from_xlsx()
    {
        var (s, order, total) = await ApprovedAsync();
        Assert.Equal(899.10m, total);
        var number = (await s.OrderAsync(order)).GetProperty("number").GetString();
        var notice = await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/payment-notice");
        Assert.Equal((number, 899.10m, "捌佰玖拾玖元壹角", number), (notice.GetProperty("orderNumber").GetString(), notice.GetProperty("amount").GetDecimal(),
            notice.GetProperty("amountInCapitals").GetString(), notice.GetProperty("reference").GetString()));
        Assert.Equal("陇品汇测试收款账户", notice.GetProperty("payee").GetProperty("accountName").GetString());
        Assert.True(notice.GetProperty("dueBy").GetDateTimeOffset() > DateTimeOffset.UtcNow);

        var xlsx = await s.Purchaser.GetAsync($"/api/v1/orders/{order}/payment-notice.xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var rows = XlsxSheetReader.Rows(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync())).ToDictionary(r => r.Cells[0], r => r.Cells.ElementAtOrDefault(1));
        Assert.Equal("内容", rows["项目"]);
        Assert.Equal(("陇品汇测试收款账户", "899.1", "捌佰玖拾玖元壹角", number), (rows["收款单位"], rows["金额（小写）"], rows["金额（大写）"], rows["转账附言（必填）"]));

        // Only the union's purchasers; a draft or paid order has none; another union's answers 404.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await s.FinanceAsync()).GetAsync($"/api/v1/orders/{order}/payment-notice")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await CreateAsync(app)).Purchaser.GetAsync($"/api/v1/orders/{order}/payment-notice")).StatusCode);
    }

    [Fact]
    public async Task Bad_receipts_are_refused_naming_the_file_and_nothing_is_stored()
    {
        var (s, order, _) = await ApprovedAsync();
        await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/payments", new { method = "bank_transfer" });
        var before = StoredReceipts();
        // Text named and declared as a PDF; an HTML page declared as a PNG; a PNG whose header claims 100,000 × 100,000 pixels.
        await (await UploadAsync(s.Purchaser, order, Encoding.UTF8.GetBytes("not a receipt"))).IsValidationProblemAsync("file");
        await (await UploadAsync(s.Purchaser, order, Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"), "receipt.png", "image/png")).IsValidationProblemAsync("file");
        byte[] hugePng = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0, 8, 2, 0, 0, 0];
        await (await UploadAsync(s.Purchaser, order, hugePng, "receipt.png", "image/png")).IsValidationProblemAsync("file");
        var oversized = new byte[5 * 1024 * 1024 + 1];
        Pdf.CopyTo(oversized, 0);
        await (await UploadAsync(s.Purchaser, order, oversized)).IsValidationProblemAsync("file");
        await (await UploadAsync(s.Purchaser, order, [])).IsValidationProblemAsync("file");

        Assert.Equal(before, StoredReceipts());
        var payment = Assert.Single((await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/payments")).EnumerateArray());
        Assert.Equal(JsonValueKind.Null, payment.GetProperty("markedPaidAt").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Purchaser.GetAsync($"/api/v1/orders/{order}/payments/receipt")).StatusCode);
    }

    [Fact]
    public async Task A_receipt_tells_finance_and_is_served_only_to_the_union_finance_and_admins()
    {
        var (s, order, total) = await ApprovedAsync();
        // Before choosing bank transfer there is no transfer to attach it to.
        await (await UploadAsync(s.Purchaser, order, Pdf)).IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/payments", new { method = "bank_transfer" });
        var marked = await UploadAsync(s.Purchaser, order, Pdf, "../../etc/passwd.pdf");
        Assert.True(marked.IsSuccessStatusCode, await marked.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.String, (await marked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("markedPaidAt").ValueKind);

        var finance = await s.FinanceAsync();
        var queued = (await finance.GetFromJsonAsync<JsonElement>("/api/v1/finance/bank-transfers")).GetProperty("items").EnumerateArray().Single(p => p.GetProperty("orderId").GetGuid() == order);
        Assert.True(queued.GetProperty("receiptAttached").GetBoolean());
        var told = Assert.Single((await finance.GetFromJsonAsync<JsonElement>("/api/v1/notifications")).GetProperty("items").EnumerateArray(),
            n => n.GetProperty("subjectId").GetGuid() == order);
        Assert.Equal("TransferMarkedPaid", told.GetProperty("kind").GetString());
        Assert.Contains($"¥{total:N2}", told.GetProperty("message").GetString());
        // The union was not told of its own upload.
        Assert.DoesNotContain((await s.Purchaser.GetFromJsonAsync<JsonElement>("/api/v1/notifications")).GetProperty("items").EnumerateArray(),
            n => n.GetProperty("kind").GetString() == "TransferMarkedPaid");

        foreach (var reader in new[] { s.Purchaser, s.Approver, finance, await app.AdminClientAsync() })
        {
            var file = await reader.GetAsync($"/api/v1/orders/{order}/payments/receipt");
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal("application/pdf", file.Content.Headers.ContentType?.MediaType);
            Assert.Equal(Pdf, await file.Content.ReadAsByteArrayAsync());
            Assert.DoesNotContain("passwd", file.Content.Headers.ContentDisposition?.ToString());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await (await CreateAsync(app)).Purchaser.GetAsync($"/api/v1/orders/{order}/payments/receipt")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Supplier.Client.GetAsync($"/api/v1/orders/{order}/payments/receipt")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync($"/api/v1/orders/{order}/payments/receipt")).StatusCode);
    }
}
