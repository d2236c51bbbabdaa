using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Procurement.IntegrationTests.Catalog.Listings;
using Procurement.IntegrationTests.Fulfilment;
using Procurement.IntegrationTests.Ordering;
using static Procurement.IntegrationTests.Ordering.OrderingScenario;

namespace Procurement.IntegrationTests.Paperwork;

/// <summary>
/// Invoices (#22): one per supplier once an order is paid, for its share less its refunds (before and after issue);
/// issued with the 数电发票's file, refused when the amount or the file is wrong; 红冲 after a refund; files served to
/// the order's union, that supplier, finance and admins only; finance's list and export; 验收.
/// </summary>
public sealed class InvoiceApiTests(ProcurementApp app) : IClassFixture<ProcurementApp>
{
    internal static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0];

    /// <summary>
    /// Two suppliers' goods for two members: A sells 40.00 × 1 per package, B 60.00 × 1; 张三 takes 1 package, 李四 2. A's
    /// share is 120.00, B's 180.00. Paid by transfer; each parcel sent (not yet delivered).
    /// </summary>
    private async Task<(OrderingScenario S, SupplierScenario Other, Guid Order, HttpClient Finance)> PaidAsync(object? request = null)
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var other = await SupplierScenario.CreateAsync(app, "甘南牦牛肉专业合作社");
        var skuA = (await s.PublishAsync((40m, 100)))[0];
        var skuB = (await s.PublishAsync(other, (60m, 100)))[0];
        var order = await s.ReadyAsync([(skuA, 3), (skuB, 3)],
            "张三,13800001234,江苏省,南京市,鼓楼区,中山北路 1 号,1",
            "李四,13900005678,江苏省,苏州市,姑苏区,人民路 100 号,2");
        if (request is not null)
        {
            var put = await s.Purchaser.PutAsJsonAsync($"/api/v1/orders/{order}/invoice-request", request);
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }
        var finance = await s.FinanceAsync();
        await s.PayByTransferAsync(order, finance);
        return (s, other, order, finance);
    }

    internal static async Task<List<JsonElement>> InvoicesAsync(HttpClient client, Guid order) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/invoices")).EnumerateArray().ToList();

    internal static Task<HttpResponseMessage> IssueAsync(HttpClient supplier, Guid invoice, string number, string amount, byte[]? file, string path = "issue",
        string? issuedAt = null)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(number), "number" },
            { new StringContent(issuedAt ?? DateTimeOffset.UtcNow.AddHours(8).ToString("yyyy-MM-dd")), "issuedAt" },
            { new StringContent(amount), "amount" },
        };
        if (file is not null)
        {
            var content = new ByteArrayContent(file);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "file", "发票.pdf");
        }
        return supplier.PostAsync($"/api/v1/supplier/invoices/{invoice}/{path}", form);
    }

    private static JsonElement Of(List<JsonElement> invoices, Guid supplierId) => invoices.Single(i => i.GetProperty("supplierId").GetGuid() == supplierId);

    [Fact]
    public async Task Each_supplier_owes_its_share_and_refunds_before_and_after_issue_follow_the_money_trail()
    {
        var (s, other, order, finance) = await PaidAsync(new { type = "special", title = "南京测试工会", taxNumber = "81320100MC1234567X", email = "cw@union.example.cn" });
        var invoices = await InvoicesAsync(s.Purchaser, order);
        Assert.Equal(2, invoices.Count);
        var a = Of(invoices, s.Supplier.SupplierId);
        var b = Of(invoices, other.SupplierId);
        Assert.Equal((120m, 180m), (a.GetProperty("amount").GetDecimal(), b.GetProperty("amount").GetDecimal()));
        Assert.All(invoices, i => Assert.Equal(("special", "南京测试工会", "81320100MC1234567X", "Requested"),
            (i.GetProperty("type").GetString(), i.GetProperty("title").GetString(), i.GetProperty("taxNumber").GetString(), i.GetProperty("status").GetString())));
        Assert.Equal(JsonValueKind.Null, a.GetProperty("fileUrl").ValueKind);
        var aId = a.GetProperty("id").GetGuid();
        var bId = b.GetProperty("id").GetGuid();

        // The supplier sees what to copy into the tax system: the title, the tax number, its goods lines and the amount.
        var owed = await s.Supplier.Client.GetFromJsonAsync<JsonElement>($"/api/v1/supplier/invoices/{aId}");
        var line = Assert.Single(owed.GetProperty("lines").EnumerateArray());
        Assert.Equal((3, 40m, 120m), (line.GetProperty("quantity").GetInt32(), line.GetProperty("unitPrice").GetDecimal(), line.GetProperty("amount").GetDecimal()));
        Assert.Equal(1, (await s.Supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/supplier/invoices?status=Requested")).GetProperty("total").GetInt32());

        // A wrong amount is refused naming it, and nothing is kept.
        await (await IssueAsync(s.Supplier.Client, aId, "24320000000012345678", "119.99", Pdf)).IsValidationProblemAsync("amount");
        Assert.Equal("Requested", Of(await InvoicesAsync(s.Purchaser, order), s.Supplier.SupplierId).GetProperty("status").GetString());

        var issued = await IssueAsync(s.Supplier.Client, aId, "24320000000012345678", "120.00", Pdf);
        Assert.True(issued.IsSuccessStatusCode, await issued.Content.ReadAsStringAsync());
        a = Of(await InvoicesAsync(s.Purchaser, order), s.Supplier.SupplierId);
        Assert.Equal(("Issued", "24320000000012345678"), (a.GetProperty("status").GetString(), a.GetProperty("number").GetString()));
        // The union downloads the very file the supplier uploaded, and was told.
        var file = await s.Purchaser.GetAsync(a.GetProperty("fileUrl").GetString());
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/pdf", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Pdf, await file.Content.ReadAsByteArrayAsync());
        var told = await s.Purchaser.GetFromJsonAsync<JsonElement>("/api/v1/notifications");
        Assert.Contains(told.GetProperty("items").EnumerateArray(), n => n.GetProperty("kind").GetString() == "InvoiceIssued");

        // 李四's parcels arrive damaged; both suppliers refund his 2 packages: A's after issue, B's before.
        await DeliverAllAsync(s.Supplier.Client);
        await DeliverAllAsync(other.Client);
        var parcels = await FulfilmentApiTests.ShipmentsAsync(s.Purchaser, $"/api/v1/orders/{order}/shipments?pageSize=50");
        foreach (var parcel in parcels.Where(p => p.GetProperty("recipientName").GetString() == "李四"))
        {
            var reported = await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/after-sales",
                new { shipmentId = parcel.GetProperty("id").GetInt64(), kind = "Damaged", packages = 2, description = "破损" });
            Assert.True(reported.IsSuccessStatusCode, await reported.Content.ReadAsStringAsync());
        }
        foreach (var supplier in new[] { s.Supplier.Client, other.Client })
        {
            var open = Assert.Single((await supplier.GetFromJsonAsync<JsonElement>("/api/v1/supplier/after-sales?status=Open")).GetProperty("items").EnumerateArray());
            (await supplier.PostAsJsonAsync($"/api/v1/supplier/after-sales/{open.GetProperty("id").GetGuid()}/refund", new { })).EnsureSuccessStatusCode();
        }
        invoices = await InvoicesAsync(s.Purchaser, order);
        a = Of(invoices, s.Supplier.SupplierId);
        b = Of(invoices, other.SupplierId);
        Assert.True(a.GetProperty("amount").GetDecimal() == 40m, a.ToString());
        Assert.Equal(("RedRequired", "Refund"), (a.GetProperty("status").GetString(), a.GetProperty("redReason").GetString()));
        Assert.Equal((60m, "Requested"), (b.GetProperty("amount").GetDecimal(), b.GetProperty("status").GetString()));
        // The amounts are the money trail: paid less refunded.
        var refunded = (await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/refunds")).EnumerateArray().Sum(r => r.GetProperty("amount").GetDecimal());
        Assert.Equal(300m - refunded, invoices.Sum(i => i.GetProperty("amount").GetDecimal()));
        // Supplier A was told, and its lines are net of the refunded packages.
        var notices = await s.Supplier.Client.GetFromJsonAsync<JsonElement>("/api/v1/notifications");
        Assert.Contains(notices.GetProperty("items").EnumerateArray(), n => n.GetProperty("kind").GetString() == "InvoiceRedRequired");
        Assert.Equal(1, Assert.Single((await s.Supplier.Client.GetFromJsonAsync<JsonElement>($"/api/v1/supplier/invoices/{aId}")).GetProperty("lines").EnumerateArray())
            .GetProperty("quantity").GetInt32());

        // A new blue invoice is refused until the red one is recorded; the red one must be the issued amount, negative.
        await (await IssueAsync(s.Supplier.Client, aId, "24320000000012345679", "40.00", Pdf)).IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        await (await IssueAsync(s.Supplier.Client, aId, "24320000000012345680", "-40.00", Pdf, "red")).IsValidationProblemAsync("amount");
        (await IssueAsync(s.Supplier.Client, aId, "24320000000012345680", "-120.00", Pdf, "red")).EnsureSuccessStatusCode();
        (await IssueAsync(s.Supplier.Client, aId, "24320000000012345681", "40.00", Pdf)).EnsureSuccessStatusCode();
        (await IssueAsync(other.Client, bId, "24320000000022345678", "60.00", Pdf)).EnsureSuccessStatusCode();
        a = Of(await InvoicesAsync(s.Purchaser, order), s.Supplier.SupplierId);
        Assert.Equal(("Issued", 40m, "24320000000012345681"), (a.GetProperty("status").GetString(), a.GetProperty("issuedAmount").GetDecimal(), a.GetProperty("number").GetString()));
        Assert.Equal(["Blue", "Red", "Blue"], a.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("kind").GetString()!).ToArray());
        Assert.Equal([120m, -120m, 40m], a.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("amount").GetDecimal()).ToArray());

        // Finance lists them across suppliers and exports them.
        var issuedList = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/invoices?status=Issued&supplierId={s.Supplier.SupplierId}");
        Assert.Contains(issuedList.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == aId);
        Assert.All(issuedList.GetProperty("items").EnumerateArray(), i => Assert.Equal(s.Supplier.SupplierId, i.GetProperty("supplierId").GetGuid()));
        var csv = Encoding.UTF8.GetString(await (await finance.GetAsync($"/api/v1/finance/invoices/export?format=csv&supplierId={other.SupplierId}")).Content.ReadAsByteArrayAsync());
        var rows = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("订单号,工会,供应商,发票类型,抬头,纳税人识别号,应开金额,状态,发票号码,开票日期,签收时间,签收后天数", rows[0]);
        Assert.Contains(rows, r => r.Contains("甘南牦牛肉专业合作社", StringComparison.Ordinal) && r.Contains(",60.00,已开票,24320000000022345678,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invoice_files_are_the_order_unions_the_suppliers_and_finances_only()
    {
        var (s, other, order, finance) = await PaidAsync();
        var a = Of(await InvoicesAsync(s.Purchaser, order), s.Supplier.SupplierId);
        var aId = a.GetProperty("id").GetGuid();
        // Without a request the union's name and USCC are the title and tax number of a 普通发票.
        Assert.Equal("normal", a.GetProperty("type").GetString());
        Assert.StartsWith("南京测试工会", a.GetProperty("title").GetString(), StringComparison.Ordinal);
        (await IssueAsync(s.Supplier.Client, aId, "24320000000012345678", "120.00", Pdf)).EnsureSuccessStatusCode();
        var url = Of(await InvoicesAsync(s.Purchaser, order), s.Supplier.SupplierId).GetProperty("fileUrl").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await s.Supplier.Client.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await finance.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await s.Approver.GetAsync(url)).StatusCode);
        var stranger = await CreateAsync(app);
        await (await stranger.Purchaser.GetAsync(url)).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await stranger.Purchaser.GetAsync($"/api/v1/orders/{order}/invoices")).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await other.Client.GetAsync(url)).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await other.Client.GetAsync($"/api/v1/supplier/invoices/{aId}")).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Supplier.Client.GetAsync($"/api/v1/orders/{order}/invoices")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Purchaser.GetAsync("/api/v1/finance/invoices")).StatusCode);
        // A document id of another invoice, under this invoice's id, is not there either.
        var b = Of(await InvoicesAsync(s.Purchaser, order), other.SupplierId);
        (await IssueAsync(other.Client, b.GetProperty("id").GetGuid(), "24320000000022345678", "180.00", Pdf)).EnsureSuccessStatusCode();
        var bDoc = Of(await InvoicesAsync(s.Purchaser, order), other.SupplierId).GetProperty("documents")[0].GetProperty("id").GetGuid();
        await (await s.Supplier.Client.GetAsync($"/api/v1/invoices/{aId}/documents/{bDoc}")).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Bad_uploads_are_refused_by_name_and_nothing_is_stored()
    {
        var (s, other, order, _) = await PaidAsync();
        var aId = Of(await InvoicesAsync(s.Purchaser, order), s.Supplier.SupplierId).GetProperty("id").GetGuid();
        var before = FileCount();
        await (await IssueAsync(s.Supplier.Client, aId, "24320000000012345678", "120.00", Png)).IsValidationProblemAsync("file");
        await (await IssueAsync(s.Supplier.Client, aId, "24320000000012345678", "120.00", Encoding.UTF8.GetBytes("just text, not an invoice"))).IsValidationProblemAsync("file");
        await (await IssueAsync(s.Supplier.Client, aId, "24320000000012345678", "120.00", Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>")))
            .IsValidationProblemAsync("file");
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            archive.CreateEntry("word/document.xml");
        }
        await (await IssueAsync(s.Supplier.Client, aId, "24320000000012345678", "120.00", zip.ToArray())).IsValidationProblemAsync("file");
        var big = new byte[5 * 1024 * 1024 + 1];
        Pdf.CopyTo(big, 0);
        await (await IssueAsync(s.Supplier.Client, aId, "24320000000012345678", "120.00", big)).IsValidationProblemAsync("file");
        await (await IssueAsync(s.Supplier.Client, aId, "24320000000012345678", "120.00", null)).IsValidationProblemAsync("file");
        await (await IssueAsync(s.Supplier.Client, aId, "", "abc", Pdf, issuedAt: "2999-01-01")).IsValidationProblemAsync("number", "amount", "issuedAt");
        await (await IssueAsync(s.Supplier.Client, aId, "24320000000012345678", "120.001", Pdf)).IsValidationProblemAsync("amount");
        // Another supplier's invoice: as if it did not exist.
        await (await IssueAsync(other.Client, aId, "24320000000012345678", "120.00", Pdf)).IsProblemAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Equal(before, FileCount());
        var a = Of(await InvoicesAsync(s.Purchaser, order), s.Supplier.SupplierId);
        Assert.Equal(("Requested", 0), (a.GetProperty("status").GetString(), a.GetProperty("documents").GetArrayLength()));

        // An OFD (a ZIP holding OFD.xml) and a well-formed XML are 数电发票 too.
        var ofd = new MemoryStream();
        using (var archive = new ZipArchive(ofd, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var entry = await archive.CreateEntry("OFD.xml").OpenAsync();
            await entry.WriteAsync(Encoding.UTF8.GetBytes("<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\"/>"));
        }
        (await IssueAsync(s.Supplier.Client, aId, "24320000000012345678", "120.00", ofd.ToArray())).EnsureSuccessStatusCode();
        var bId = Of(await InvoicesAsync(s.Purchaser, order), other.SupplierId).GetProperty("id").GetGuid();
        (await IssueAsync(other.Client, bId, "24320000000022345678", "180.00", Encoding.UTF8.GetBytes("\uFEFF<?xml version=\"1.0\" encoding=\"UTF-8\"?><EInvoice><Header/></EInvoice>")))
            .EnsureSuccessStatusCode();
        var files = await InvoicesAsync(s.Purchaser, order);
        var ofdFile = await s.Purchaser.GetAsync(Of(files, s.Supplier.SupplierId).GetProperty("fileUrl").GetString());
        Assert.Equal("application/ofd", ofdFile.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before + 2, FileCount());
    }

    [Fact]
    public async Task The_request_is_checked_by_field_follows_the_order_and_closes_when_it_completes()
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var sku = (await s.PublishAsync((50m, 100)))[0];
        var order = await s.ReadyAsync([(sku, 1)], "张三,13800001234,江苏省,南京市,鼓楼区,中山北路 1 号,1");
        await (await s.Purchaser.PutAsJsonAsync($"/api/v1/orders/{order}/invoice-request", new { type = "vat", title = "", taxNumber = "123", email = "no-at" }))
            .IsValidationProblemAsync("type", "title", "taxNumber", "email");
        // The union's profile is the default of every order; the order's own request overrides it.
        (await s.Purchaser.PutAsJsonAsync("/api/v1/union/invoice-profile", new { type = "normal", title = "南京测试工会（财务）", taxNumber = "81320100mc1234567x", email = "" }))
            .EnsureSuccessStatusCode();
        var shown = await s.Purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/invoice-request");
        Assert.Equal(("南京测试工会（财务）", "81320100MC1234567X", false), (shown.GetProperty("title").GetString(), shown.GetProperty("taxNumber").GetString(), shown.GetProperty("saved").GetBoolean()));
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Supplier.Client.PutAsJsonAsync("/api/v1/union/invoice-profile", new { type = "normal", title = "x", taxNumber = "81320100MC1234567X" })).StatusCode);

        var finance = await s.FinanceAsync();
        await s.PayByTransferAsync(order, finance);
        var invoice = Assert.Single(await InvoicesAsync(s.Purchaser, order));
        Assert.Equal("南京测试工会（财务）", invoice.GetProperty("title").GetString());
        (await IssueAsync(s.Supplier.Client, invoice.GetProperty("id").GetGuid(), "24320000000012345678", "50.00", Pdf)).EnsureSuccessStatusCode();

        // Changing the request after issue needs a red invoice and a new one to the new title.
        (await s.Purchaser.PutAsJsonAsync($"/api/v1/orders/{order}/invoice-request", new { type = "special", title = "南京测试工会", taxNumber = "81320100MC1234567X" }))
            .EnsureSuccessStatusCode();
        invoice = Assert.Single(await InvoicesAsync(s.Purchaser, order));
        Assert.Equal(("RedRequired", "RequestChanged", "special"), (invoice.GetProperty("status").GetString(), invoice.GetProperty("redReason").GetString(), invoice.GetProperty("type").GetString()));

        // 验收 once delivered; the order then completes and the request closes.
        await (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/acceptance", new { note = "早了" })).IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");
        await DeliverAllAsync(s.Supplier.Client);
        await (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/acceptance", new { note = new string('验', 501) })).IsValidationProblemAsync("note");
        var accepted = await s.Approver.PostAsJsonAsync($"/api/v1/orders/{order}/acceptance", new { note = "50 份全部清点无误，包装完好。" });
        Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());
        var acceptance = (await s.OrderAsync(order)).GetProperty("acceptance");
        Assert.Equal("50 份全部清点无误，包装完好。", acceptance.GetProperty("note").GetString());
        Assert.False(string.IsNullOrEmpty(acceptance.GetProperty("byName").GetString()));
        await (await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/acceptance", new { note = "再次" })).IsProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Equal(HttpStatusCode.Forbidden, (await finance.PostAsJsonAsync($"/api/v1/orders/{order}/acceptance", new { note = "x" })).StatusCode);
        (await s.Purchaser.PostAsync($"/api/v1/orders/{order}/complete", null)).EnsureSuccessStatusCode();
        await (await s.Purchaser.PutAsJsonAsync($"/api/v1/orders/{order}/invoice-request", new { type = "normal", title = "南京测试工会", taxNumber = "81320100MC1234567X" }))
            .IsProblemAsync(HttpStatusCode.Conflict, "invalid-state");
    }

    [Fact]
    public async Task A_paid_order_refunded_whole_voids_what_is_owed_and_turns_an_issued_invoice_red()
    {
        var s = await CreateAsync(app, threshold: 1_000_000m);
        var other = await SupplierScenario.CreateAsync(app, "甘南牦牛肉专业合作社");
        var skuA = (await s.PublishAsync((40m, 100)))[0];
        var skuB = (await s.PublishAsync(other, (60m, 100)))[0];
        var order = await s.ReadyAsync([(skuA, 1), (skuB, 1)], "张三,13800001234,江苏省,南京市,鼓楼区,中山北路 1 号,1");
        await s.PayByTransferAsync(order, await s.FinanceAsync());
        var aId = Of(await InvoicesAsync(s.Purchaser, order), s.Supplier.SupplierId).GetProperty("id").GetGuid();
        (await IssueAsync(s.Supplier.Client, aId, "24320000000012345678", "40.00", Pdf)).EnsureSuccessStatusCode();
        var cancelled = await s.Purchaser.PostAsJsonAsync($"/api/v1/orders/{order}/cancel", new { reason = "活动取消" });
        Assert.True(cancelled.IsSuccessStatusCode, await cancelled.Content.ReadAsStringAsync());
        var invoices = await InvoicesAsync(s.Purchaser, order);
        Assert.Equal(("RedRequired", 0m), (Of(invoices, s.Supplier.SupplierId).GetProperty("status").GetString(), Of(invoices, s.Supplier.SupplierId).GetProperty("amount").GetDecimal()));
        Assert.Equal(("Voided", 0m), (Of(invoices, other.SupplierId).GetProperty("status").GetString(), Of(invoices, other.SupplierId).GetProperty("amount").GetDecimal()));
        // The red invoice cancels it, and nothing more is owed.
        (await IssueAsync(s.Supplier.Client, aId, "24320000000012345680", "-40.00", Pdf, "red")).EnsureSuccessStatusCode();
        Assert.Equal("Voided", Of(await InvoicesAsync(s.Purchaser, order), s.Supplier.SupplierId).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Finance_filters_by_days_overdue_since_delivery_and_bad_filters_are_named()
    {
        var (s, other, order, finance) = await PaidAsync();
        var overdue = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/invoices?overdueDays=0&supplierId={s.Supplier.SupplierId}");
        Assert.Equal(0, overdue.GetProperty("total").GetInt32());
        await DeliverAllAsync(s.Supplier.Client);
        await DeliverAllAsync(other.Client);
        overdue = await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/invoices?overdueDays=0&supplierId={s.Supplier.SupplierId}");
        var item = Assert.Single(overdue.GetProperty("items").EnumerateArray());
        Assert.Equal((order, 0), (item.GetProperty("orderId").GetGuid(), item.GetProperty("daysSinceDelivery").GetInt32()));
        Assert.Equal(0, (await finance.GetFromJsonAsync<JsonElement>($"/api/v1/finance/invoices?overdueDays=3&supplierId={s.Supplier.SupplierId}")).GetProperty("total").GetInt32());
        await (await finance.GetAsync("/api/v1/finance/invoices?status=Paid")).IsValidationProblemAsync("status");
        await (await finance.GetAsync("/api/v1/finance/invoices?overdueDays=-1")).IsValidationProblemAsync("overdueDays");
        await (await finance.GetAsync("/api/v1/finance/invoices/export?format=pdf")).IsValidationProblemAsync("format");
    }

    /// <summary>Delivers every parcel the supplier has sent or still holds, dated a minute ago (Beijing).</summary>
    internal static async Task DeliverAllAsync(HttpClient supplier)
    {
        var parcels = await FulfilmentApiTests.ShipmentsAsync(supplier, "/api/v1/supplier/shipments?pageSize=100");
        var at = DateTimeOffset.UtcNow.AddHours(8).AddMinutes(-1).ToString("yyyy-MM-dd HH:mm");
        var open = parcels.Where(p => p.GetProperty("status").GetString() is "Pending" or "Shipped").ToList();
        if (open.Count == 0)
        {
            return;
        }
        var csv = "shipment_id,carrier,tracking_no,delivered_at\n" + string.Join("\n", open.Select(p => $"{p.GetProperty("id").GetInt64()},EMS,EMS{p.GetProperty("id").GetInt64():D10},{at}"));
        var imported = await FulfilmentApiTests.ImportAsync(supplier, csv);
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
    }

    private int FileCount()
    {
        var folder = Path.Combine(app.DataDirectory, "files", "invoices");
        return Directory.Exists(folder) ? Directory.GetFiles(folder).Length : 0;
    }
}
