using System.IO.Compression;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Procurement.Core.Users;
using Procurement.Infrastructure.Seeding;
using static Microsoft.Playwright.Assertions;

namespace Procurement.EndToEndTests;

/// <summary>
/// The paperwork a union files (#22): a purchaser asks for a 专用发票 on the order page, the supplier issues it in its
/// portal (the title and tax number to copy, the amount owed, the 数电发票's file), the purchaser downloads it, records
/// 验收 once everything arrived and downloads the 实名发放签领表; finance sees the invoice in its list. zh-CN, en, 390 px.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class InvoiceJourneyTests(AppServer app)
{
    private const string Password = "Invoice2026pass";
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n");

    private async Task<HttpClient> ApiAsync(string email, string password)
    {
        var api = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var token = await (await api.PostAsJsonAsync("/api/v1/auth/login", new { email, password })).Content.ReadFromJsonAsync<JsonElement>();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return api;
    }

    private static DemoLogin Login(string role) => DemoSeeder.Logins.Single(l => l.Role == role);

    /// <summary>An approved order of the demo supplier's goods for three members of a union of the journey's own.</summary>
    private async Task<(Guid Id, string Number, string Purchaser)> ApprovedOrderAsync()
    {
        var (purchaserEmail, _) = await app.CreateAsync(new OwnUnion.Terms("南京发票测试工会", "320000", "81320100", 300, 1_000_000m, 500_000m,
            "invoice.example.cn", "钱采购", "吴审批"), Password);
        using var supplier = await ApiAsync(Login(Roles.Supplier).Email, Login(Roles.Supplier).Password);
        var products = await supplier.GetFromJsonAsync<JsonElement>("/api/v1/supplier/products?pageSize=100");
        var sku = products.GetProperty("items").EnumerateArray().Where(p => p.GetProperty("status").GetString() == "Published")
            .SelectMany(p => p.GetProperty("skus").EnumerateArray())
            .First(s => s.GetProperty("stock").GetInt32() >= 20 && s.GetProperty("minOrderQuantity").GetInt32() <= 3);
        using var purchaser = await ApiAsync(purchaserEmail, Password);
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders")
        {
            Content = JsonContent.Create(new { occasion = "MidAutumn", note = "中秋慰问", reference = "宁工发〔2026〕12号", lines = new[] { new { skuId = sku.GetProperty("id").GetGuid(), quantity = 3 } } }),
        };
        create.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var draft = await (await purchaser.SendAsync(create)).Content.ReadFromJsonAsync<JsonElement>();
        var id = draft.GetProperty("id").GetGuid();
        var csv = new ByteArrayContent(Encoding.UTF8.GetBytes("姓名,手机号,省,市,区县,详细地址,份数\n张三,13900001111,江苏省,南京市,鼓楼区,中山北路 1 号,1\n李四,13900002222,江苏省,南京市,玄武区,北京东路 2 号,1\n王五,13900003333,江苏省,苏州市,姑苏区,人民路 3 号,1\n"));
        csv.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var put = await purchaser.PutAsync($"/api/v1/orders/{id}/recipients", new MultipartFormDataContent { { csv, "file", "recipients.csv" } });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        var submitted = await (await purchaser.PostAsync($"/api/v1/orders/{id}/submit", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Approved", submitted.GetProperty("status").GetString());
        return (id, draft.GetProperty("number").GetString()!, purchaserEmail);
    }

    [Fact]
    public async Task A_purchaser_asks_for_a_special_invoice_the_supplier_issues_it_and_the_purchaser_files_it_with_acceptance_and_the_sign_off_list()
    {
        var (id, number, purchaserEmail) = await ApprovedOrderAsync();

        // The purchaser asks for a 专用发票 to the union's finance office before paying.
        var page = await app.NewPageAsync();
        await page.SignInAsync(purchaserEmail, Password);
        await page.GotoAsync($"/orders/{id}");
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("#invoice-request")).ToContainTextAsync("普通发票");
        await page.ClickAsync("#edit-invoice-request");
        await page.Locator("#invoice-type").GetByText("增值税专用发票").ClickAsync();
        await page.FillAsync("#invoice-title", "南京发票测试工会（财务部）");
        await page.FillAsync("#invoice-tax-number", "81320100MC123");
        await page.ClickAsync("#save-invoice-request");
        // A tax number of the wrong length is named on its field, and nothing is saved.
        await Expect(page.Locator("#order-invoices")).ToContainTextAsync("纳税人识别号须为");
        await page.FillAsync("#invoice-tax-number", "81320100MC1234567X");
        await page.FillAsync("#invoice-email", "caiwu@union.example.cn");
        await page.ClickAsync("#save-invoice-request");
        await Expect(page.Locator("#invoice-request-type")).ToContainTextAsync("增值税专用发票");
        await Expect(page.Locator("#invoice-request")).ToContainTextAsync("南京发票测试工会（财务部）");
        await Settled(page);
        await page.AssertAccessibleAsync("order page with its invoice request");
        await page.ScreenshotAsync("170-invoice-request-zh");

        // Finance confirms the transfer (arranged through the API: it is not this journey's subject).
        using (var finance = await ApiAsync(Login(Roles.Finance).Email, Login(Roles.Finance).Password))
        {
            using var purchaser = await ApiAsync(purchaserEmail, Password);
            var total = (await purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}")).GetProperty("total").GetDecimal();
            (await finance.PostAsJsonAsync($"/api/v1/finance/orders/{id}/bank-transfer-confirmations",
                new { amount = total, reference = "发票测试转账", receivedAt = DateTimeOffset.UtcNow.AddMinutes(-5) })).EnsureSuccessStatusCode();
        }

        // The supplier issues it: what to copy into the tax system, the amount owed, the file.
        var supplierPage = await app.NewPageAsync();
        await supplierPage.SignInAsync(Login(Roles.Supplier).Email, Login(Roles.Supplier).Password);
        await Expect(supplierPage.Locator("#invoices-owed")).ToContainTextAsync("待开具");
        await supplierPage.GotoAsync("/supplier/invoices");
        await supplierPage.WaitForBlazorAsync();
        var card = supplierPage.Locator($".supplier-invoice[data-order='{number}']");
        await Expect(card).ToContainTextAsync("增值税专用发票");
        await card.Locator(".open-invoice").ClickAsync();
        await Expect(card.Locator(".invoice-copy")).ToContainTextAsync("81320100MC1234567X");
        // The union's own reference, for the invoice's 备注.
        await Expect(card.Locator(".invoice-copy")).ToContainTextAsync("宁工发〔2026〕12号");
        await Expect(card.Locator(".invoice-lines")).ToBeVisibleAsync();
        var owed = await card.Locator("#issue-amount").InputValueAsync();
        await supplierPage.ScreenshotAsync("178-supplier-invoice-to-issue-zh");
        await supplierPage.FillAsync("#issue-number", "24322000000099887766");
        // An amount other than what is owed is refused on its field.
        await supplierPage.FillAsync("#issue-amount", "1.00");
        await SetFileAsync(supplierPage, card);
        await card.Locator("#issue-invoice").ClickAsync();
        await Expect(card).ToContainTextAsync("发票金额须为应开金额");
        await supplierPage.FillAsync("#issue-amount", owed);
        await card.Locator("#issue-invoice").ClickAsync();
        await Expect(supplierPage.Locator(".mud-snackbar").Last).ToContainTextAsync("发票已上传");
        await Expect(supplierPage.Locator($".supplier-invoice[data-order='{number}']")).ToHaveCountAsync(0);
        await supplierPage.Locator("#invoice-filter .filter-chip").Filter(new() { HasText = "已开票" }).ClickAsync();
        await Expect(supplierPage.Locator($".supplier-invoice[data-order='{number}']")).ToContainTextAsync("已开票");
        await Settled(supplierPage);
        await supplierPage.AssertAccessibleAsync("supplier invoices");
        await supplierPage.ScreenshotAsync("171-supplier-invoice-issued-zh");

        // Every parcel arrives (the supplier's tracking import, arranged through the API).
        using (var supplier = await ApiAsync(Login(Roles.Supplier).Email, Login(Roles.Supplier).Password))
        {
            var parcels = (await supplier.GetFromJsonAsync<JsonElement>($"/api/v1/supplier/shipments?pageSize=100&q={number}")).GetProperty("items").EnumerateArray()
                .Where(p => p.GetProperty("orderNumber").GetString() == number).Select(p => p.GetProperty("id").GetInt64()).ToList();
            Assert.Equal(3, parcels.Count);
            var at = DateTimeOffset.UtcNow.AddHours(8).AddMinutes(-2).ToString("yyyy-MM-dd HH:mm");
            var csv = new ByteArrayContent(Encoding.UTF8.GetBytes("shipment_id,carrier,tracking_no,delivered_at\n" + string.Join("\n", parcels.Select(p => $"{p},顺丰速运,SF{p:D10},{at}"))));
            csv.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            (await supplier.PostAsync("/api/v1/supplier/shipments/tracking", new MultipartFormDataContent { { csv, "file", "tracking.csv" } })).EnsureSuccessStatusCode();
        }

        // The purchaser downloads the invoice, records 验收 and downloads the sign-off list.
        await page.GotoAsync($"/orders/{id}");
        await page.WaitForBlazorAsync();
        var invoice = page.Locator(".order-invoice").First;
        await Expect(invoice).ToContainTextAsync("已开票");
        await Expect(invoice).ToContainTextAsync("24322000000099887766");
        var href = await invoice.Locator(".invoice-file").First.GetAttributeAsync("href");
        var file = await page.APIRequest.GetAsync(href!);
        Assert.Equal(200, file.Status);
        Assert.Equal(Pdf, await file.BodyAsync());
        await page.FillAsync("#acceptance-note", "3 份全部清点无误，包装完好。");
        await page.ClickAsync("#record-acceptance");
        await Expect(page.Locator("#acceptance-recorded")).ToContainTextAsync("钱采购");
        await Expect(page.Locator("#timeline-acceptance")).ToContainTextAsync("3 份全部清点无误");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#sign-off-xlsx"));
        await using (var xlsx = File.OpenRead((await download.PathAsync())!))
        {
            using var zip = new ZipArchive(xlsx);
            var sheet = await new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open()).ReadToEndAsync();
            Assert.Contains(number, sheet, StringComparison.Ordinal);
            Assert.Contains("宁工发〔2026〕12号", sheet, StringComparison.Ordinal);
            Assert.Contains("139****1111", sheet, StringComparison.Ordinal);
            Assert.DoesNotContain("13900001111", sheet, StringComparison.Ordinal);
        }
        await Settled(page);
        await page.AssertAccessibleAsync("order page with invoice, acceptance and timeline");
        await page.Locator("#order-acceptance").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync("172-acceptance-and-invoice-zh");

        // In English, and at a phone's width.
        var english = await app.NewPageAsync("en");
        await english.SignInAsync(purchaserEmail, Password);
        await english.GotoAsync($"/orders/{id}");
        await english.WaitForBlazorAsync();
        await Expect(english.Locator("#order-invoices")).ToContainTextAsync("Special VAT invoice");
        await Expect(english.Locator("#acceptance-recorded")).ToContainTextAsync("Accepted by");
        await english.Locator("#order-invoices").ScrollIntoViewIfNeededAsync();
        await english.ScreenshotAsync("173-invoice-and-acceptance-en");
        var phone = await app.NewPageAsync(phone: true);
        await phone.SignInAsync(purchaserEmail, Password);
        await phone.GotoAsync($"/orders/{id}");
        await phone.WaitForBlazorAsync();
        await phone.Locator("#order-invoices").ScrollIntoViewIfNeededAsync();
        await phone.AssertAccessibleAsync("order paperwork at 390 px");
        await phone.ScreenshotAsync("174-invoice-and-acceptance-phone");

        // Finance finds it among every supplier's invoices.
        var financePage = await app.NewPageAsync();
        await financePage.SignInAsync(Login(Roles.Finance).Email, Login(Roles.Finance).Password);
        await financePage.GotoAsync("/finance/invoices");
        await financePage.WaitForBlazorAsync();
        await Expect(financePage.Locator("#finance-invoices")).ToContainTextAsync(number);
        await financePage.AssertAccessibleAsync("finance invoices");
        await financePage.ScreenshotAsync("175-finance-invoices-zh");
        // The export as a clerk's Excel gets it: kept under artifacts/ for a second reader (LibreOffice) to open.
        var export = await financePage.RunAndWaitForDownloadAsync(() => financePage.ClickAsync("#export-invoices-xlsx"));
        var saved = Path.Combine(AppServer.ScreenshotDirectory, "..", "exports", "invoices-zh.xlsx");
        await export.SaveAsAsync(saved);
        using (var zip = ZipFile.OpenRead(saved))
        {
            var sheet = await new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open()).ReadToEndAsync();
            Assert.Contains(number, sheet, StringComparison.Ordinal);
            Assert.Contains("已开票", sheet, StringComparison.Ordinal);
        }
        await financePage.Locator("#finance-invoice-filter .filter-chip").Filter(new() { HasText = "待开票" }).ClickAsync();
        await Expect(financePage.Locator("#finance-invoices")).Not.ToContainTextAsync(number);
        await financePage.ScreenshotAsync("177-finance-invoices-owed-zh");
        var phoneSupplier = await app.NewPageAsync(phone: true);
        await phoneSupplier.SignInAsync(Login(Roles.Supplier).Email, Login(Roles.Supplier).Password);
        await phoneSupplier.GotoAsync("/supplier/invoices");
        await phoneSupplier.WaitForBlazorAsync();
        await phoneSupplier.ScreenshotAsync("176-supplier-invoices-phone");
    }

    /// <summary>A snackbar fading in is half its colours for a moment: axe reads the page once it has settled.</summary>
    private static Task Settled(IPage page) => page.WaitForTimeoutAsync(800);

    /// <summary>The file input answers once Blazor's script has bound it: set the file until the page names it.</summary>
    private static async Task SetFileAsync(IPage page, ILocator card)
    {
        for (var attempt = 0; attempt < 4; attempt++)
        {
            await card.Locator("input[type=file]").First.SetInputFilesAsync(new FilePayload { Name = "数电发票.pdf", MimeType = "application/pdf", Buffer = Pdf });
            try
            {
                await Expect(card.Locator("#issue-file-name")).ToContainTextAsync("数电发票.pdf", new() { Timeout = 5_000 });
                return;
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
            }
        }
    }
}
