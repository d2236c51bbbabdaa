using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Procurement.Core.Catalog;
using Procurement.Core.Unions;
using Procurement.Core.Users;
using Procurement.Infrastructure.Persistence;
using Procurement.Infrastructure.Seeding;
using Procurement.Infrastructure.Users;
using static Microsoft.Playwright.Assertions;

namespace Procurement.EndToEndTests;

/// <summary>
/// Bank transfer end to end: the purchaser hears of the approval in the bell, prints and downloads the payment notice,
/// marks the transfer paid with its receipt; finance types the amount from the statement, sees the difference,
/// confirms it in a dialog; the purchaser hears the payment confirmed.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TransferJourneyTests(AppServer app)
{
    private static DemoLogin Login(string role) => DemoSeeder.Logins.Single(l => l.Role == role);

    private const string Password = "Transfer2026pass";

    /// <summary>
    /// A union of this journey's own, with a purchaser and an approver: the demo union's totals belong to the ordering
    /// journey, which this one must not move.
    /// </summary>
    private async Task<(DemoLogin Purchaser, DemoLogin Approver)> UnionAsync()
    {
        var (purchaser, approver) = await app.CreateAsync(new OwnUnion.Terms("兰州转账测试工会", "620000", "91620000", 300, 0m, 500_000m,
            "transfer.example.cn", "孙采购", "周审批"), Password);
        return (new DemoLogin(Roles.Purchaser, purchaser, Password, ""), new DemoLogin(Roles.Approver, approver, Password, ""));
    }

    private static readonly byte[] Receipt = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n");

    private async Task<HttpClient> ApiAsync(DemoLogin login)
    {
        var api = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var token = await (await api.PostAsJsonAsync("/api/v1/auth/login", new { email = login.Email, password = login.Password })).Content.ReadFromJsonAsync<JsonElement>();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return api;
    }

    /// <summary>An order of the demo union's, submitted and approved by its approver (the approval is what the bell reports).</summary>
    private async Task<(Guid Id, string Number, decimal Total, DemoLogin Purchaser)> ApprovedOrderAsync()
    {
        var (purchaserLogin, approverLogin) = await UnionAsync();
        Guid sku;
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProcurementDbContext>();
            sku = await db.Skus.Where(s => s.Stock - s.Reserved >= 10 && s.MinOrderQuantity <= 4 && s.Price <= 500m && db.Products.Any(p => p.Id == s.ProductId && p.Status == ProductStatus.Published))
                .OrderByDescending(s => s.Price).Select(s => s.Id).FirstAsync();
        }
        using var purchaser = await ApiAsync(purchaserLogin);
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders")
        {
            Content = JsonContent.Create(new { occasion = "MidAutumn", note = "中秋慰问", lines = new[] { new { skuId = sku, quantity = 4 } } }),
        };
        create.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var draft = await (await purchaser.SendAsync(create)).Content.ReadFromJsonAsync<JsonElement>();
        var id = draft.GetProperty("id").GetGuid();
        var form = new MultipartFormDataContent();
        var csv = new ByteArrayContent(Encoding.UTF8.GetBytes("姓名,手机号,省,市,区县,详细地址,份数\n张三,13900001111,甘肃省,兰州市,城关区,庆阳路 1 号,1\n李四,13900002222,甘肃省,兰州市,七里河区,西津西路 2 号,1\n王五,13900003333,甘肃省,天水市,秦州区,民主西路 3 号,1\n赵六,13900004444,甘肃省,白银市,白银区,人民路 4 号,1\n"));
        csv.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(csv, "file", "recipients.csv");
        var put = await purchaser.PutAsync($"/api/v1/orders/{id}/recipients", form);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        var submitted = await (await purchaser.PostAsync($"/api/v1/orders/{id}/submit", null)).Content.ReadFromJsonAsync<JsonElement>();
        // Every order of this union needs its approver (threshold 0): the approval is what the bell reports.
        Assert.Equal("PendingApproval", submitted.GetProperty("status").GetString());
        using var approver = await ApiAsync(approverLogin);
        var approved = await approver.PostAsync($"/api/v1/orders/{id}/approve", null);
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        var order = await purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}");
        Assert.Equal("Approved", order.GetProperty("status").GetString());
        return (id, order.GetProperty("number").GetString()!, order.GetProperty("total").GetDecimal(), purchaserLogin);
    }

    private static async Task OpenBellAsync(IPage page)
    {
        await page.Locator("#notification-bell button").First.ClickAsync();
        await Expect(page.Locator(".notification-popover .notification").First).ToBeVisibleAsync();
        // Let the popover finish fading in before a screenshot.
        await page.WaitForTimeoutAsync(400);
    }

    [Fact]
    public async Task A_purchaser_pays_by_transfer_with_the_notice_and_a_receipt_and_finance_confirms_what_the_statement_shows()
    {
        var (id, number, total, purchaser) = await ApprovedOrderAsync();

        // The bell says the order was approved.
        var page = await app.NewPageAsync();
        await page.SignInAsync(purchaser.Email, purchaser.Password);
        await page.GotoAsync("/orders");
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("#notification-bell button").First).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("未读"));
        await OpenBellAsync(page);
        await Expect(page.Locator(".notification").Filter(new LocatorFilterOptions { HasText = number }).First).ToContainTextAsync("已审批通过");
        await page.ScreenshotAsync("120-bell-approved-zh");

        // Bank transfer: the details, the notice to print and to download.
        await page.GotoAsync($"/orders/{id}");
        await page.WaitForBlazorAsync();
        await page.ClickAsync("#pay-bank-transfer");
        await Expect(page.Locator("#transfer-reference")).ToHaveTextAsync(number);
        await Expect(page.Locator("#online-unavailable")).ToHaveCountAsync(0);
        await Expect(page.Locator("#order-payment")).Not.ToContainTextAsync("Stripe");
        var xlsx = await page.APIRequest.GetAsync($"/orders/{id}/payment-notice.xlsx");
        Assert.Equal(200, xlsx.Status);
        Assert.StartsWith("PK", Encoding.ASCII.GetString((await xlsx.BodyAsync())[..2]));
        await page.ClickAsync("#payment-notice-link");
        await page.WaitForURLAsync(url => url.EndsWith("/payment-notice", StringComparison.Ordinal));
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("#notice-amount")).ToHaveTextAsync("¥" + total.ToString("N2", CultureInfo.InvariantCulture));
        await Expect(page.Locator("#notice-capitals")).ToHaveTextAsync(Core.Payments.ChineseAmount.Capitals(total));
        await Expect(page.Locator("#notice-reference")).ToHaveTextAsync(number);
        await page.AssertAccessibleAsync("payment notice");
        await page.ScreenshotAsync("121-payment-notice-zh");

        // Paid: the receipt goes with it.
        await page.GotoAsync($"/orders/{id}");
        await page.WaitForBlazorAsync();
        await page.Locator("#transfer-paperwork input[type=file]").SetInputFilesAsync(new FilePayload { Name = "回单.pdf", MimeType = "application/pdf", Buffer = Receipt });
        await Expect(page.Locator("#marked-paid")).ToBeVisibleAsync();
        await page.Locator("#order-payment").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync("122-receipt-attached-zh");

        // Finance: the receipt beside the transfer; the amount typed from the statement, short first, then exact.
        var finance = Login(Roles.Finance);
        var desk = await app.NewPageAsync();
        await desk.SignInAsync(finance.Email, finance.Password);
        await desk.GotoAsync("/finance/transfers");
        await desk.WaitForBlazorAsync();
        var card = desk.Locator(".mud-paper").Filter(new LocatorFilterOptions { Has = desk.Locator(".transfer-order", new PageLocatorOptions { HasText = number }) });
        await Expect(card.Locator(".transfer-receipt")).ToBeVisibleAsync();
        var amount = card.Locator(".confirm-amount input");
        await Expect(amount).ToHaveValueAsync("");
        await amount.FillAsync((total - 100m).ToString("0.00", CultureInfo.InvariantCulture));
        await Expect(card.Locator(".transfer-difference")).ToContainTextAsync("少 ¥100.00");
        await amount.FillAsync(total.ToString("0.00", CultureInfo.InvariantCulture));
        await amount.BlurAsync();
        await Expect(card.Locator(".transfer-difference")).ToContainTextAsync("一致");
        // Shown as accounting writes it, with thousands separators (the order is over ¥1,000).
        Assert.True(total >= 1000m);
        await Expect(amount).ToHaveValueAsync(total.ToString("N2", CultureInfo.InvariantCulture));
        await desk.AssertAccessibleAsync("finance bank transfers with a typed amount");
        await desk.ScreenshotAsync("123-finance-typed-amount-zh");
        await card.Locator(".confirm-transfer").ClickAsync();
        var dialog = desk.Locator(".mud-dialog");
        await Expect(dialog).ToContainTextAsync("¥" + total.ToString("N2", CultureInfo.InvariantCulture));
        await desk.ScreenshotAsync("124-finance-confirm-dialog-zh");
        await dialog.Locator("button").Filter(new LocatorFilterOptions { HasText = "登记" }).ClickAsync();
        await Expect(desk.Locator(".mud-snackbar").Last).ToContainTextAsync("已付款");

        // The purchaser hears it, in Chinese, in English and on a phone.
        await page.GotoAsync("/orders");
        await page.WaitForBlazorAsync();
        await OpenBellAsync(page);
        await Expect(page.Locator(".notification").Filter(new LocatorFilterOptions { HasText = number }).First).ToContainTextAsync("已确认到账");
        await page.ScreenshotAsync("125-bell-paid-zh");

        var english = await app.NewPageAsync("en");
        await english.SignInAsync(purchaser.Email, purchaser.Password);
        await english.GotoAsync("/orders");
        await english.WaitForBlazorAsync();
        await OpenBellAsync(english);
        await Expect(english.Locator(".notification").Filter(new LocatorFilterOptions { HasText = number }).First).ToContainTextAsync("was confirmed");
        await english.ScreenshotAsync("126-bell-paid-en");

        var phone = await app.NewPageAsync(phone: true);
        await phone.SignInAsync(purchaser.Email, purchaser.Password);
        await phone.GotoAsync("/orders");
        await phone.WaitForBlazorAsync();
        await OpenBellAsync(phone);
        await phone.ScreenshotAsync("127-bell-phone-zh");
    }

    [Fact]
    public async Task The_payment_notice_prints_in_english_and_on_a_phone()
    {
        var (id, number, _, purchaser) = await ApprovedOrderAsync();
        var english = await app.NewPageAsync("en");
        await english.SignInAsync(purchaser.Email, purchaser.Password);
        await english.GotoAsync($"/orders/{id}/payment-notice");
        await english.WaitForBlazorAsync();
        await Expect(english.Locator("#payment-notice")).ToContainTextAsync("Amount in Chinese capitals");
        await Expect(english.Locator("#notice-reference")).ToHaveTextAsync(number);
        await english.ScreenshotAsync("128-payment-notice-en");

        var phone = await app.NewPageAsync(phone: true);
        await phone.SignInAsync(purchaser.Email, purchaser.Password);
        await phone.GotoAsync($"/orders/{id}/payment-notice");
        await phone.WaitForBlazorAsync();
        await Expect(phone.Locator("#notice-capitals")).ToBeVisibleAsync();
        await phone.ScreenshotAsync("129-payment-notice-phone-zh");
    }
}
