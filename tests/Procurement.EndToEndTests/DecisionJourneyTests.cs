using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Procurement.Core.Catalog;
using Procurement.Core.Common;
using Procurement.Core.Unions;
using Procurement.Core.Users;
using Procurement.Infrastructure.Persistence;
using Procurement.Infrastructure.Users;
using static Microsoft.Playwright.Assertions;

namespace Procurement.EndToEndTests;

/// <summary>
/// A decision with the facts, and a rejection that is mended rather than rebuilt (#21): the purchaser submits, the
/// approver reads the facts and rejects with a reason, the purchaser sees the reason, changes a quantity per package
/// and resubmits the same order, and the approver approves it through the confirmation. A union of its own, so the
/// demo union's figures stay the other journeys'.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DecisionJourneyTests(AppServer app)
{
    private const string Password = "Decide2026pass";

    [Fact]
    public async Task A_rejected_order_is_mended_and_resubmitted_and_approved_through_the_confirmation()
    {
        var (purchaser, approver) = await app.CreateAsync(new OwnUnion.Terms("兰州审批测试工会", "620000", "91620000", 500, 0m, 2_000_000m,
            "decide.example.cn", "赵采购", "钱审批"), Password);
        Guid sku;
        string skuCode;
        await using (var scope = app.Services.CreateSystemScope())
        {
            var services = scope.ServiceProvider;
            var db = services.GetRequiredService<ProcurementDbContext>();
            (sku, skuCode) = await db.Skus.Where(s => s.Stock - s.Reserved >= 500 && s.MinOrderQuantity <= 20
                    && db.Products.Any(p => p.Id == s.ProductId && p.Status == ProductStatus.Published))
                .OrderBy(s => s.Code).Select(s => ValueTuple.Create(s.Id, s.Code)).FirstAsync();
        }

        // The draft and its 10 recipients (2 per package) through the API, as the builder and the upload make them.
        using var api = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var token = await (await api.PostAsJsonAsync("/api/v1/auth/login", new { email = purchaser, password = Password })).Content.ReadFromJsonAsync<JsonElement>();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders")
        {
            Content = JsonContent.Create(new { occasion = "MidAutumn", note = "中秋慰问一线职工", lines = new[] { new { skuId = sku, quantity = 20 } } }),
        };
        create.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var created = await api.SendAsync(create);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var orderId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var csv = new StringBuilder("姓名,手机号,省,市,区县,详细地址,份数\n");
        for (var i = 0; i < 10; i++)
        {
            csv.Append($"职工{i + 1},1371234{i:D4},甘肃省,兰州市,城关区,张掖路{i + 1}号,1\n");
        }
        using var upload = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        upload.Add(file, "file", "职工.csv");
        var put = await api.PutAsync($"/api/v1/orders/{orderId}/recipients", upload);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        var orderPath = $"/orders/{orderId}";

        // The purchaser submits.
        var page = await app.NewPageAsync();
        await page.SignInAsync(purchaser, Password);
        await page.GotoAsync(orderPath);
        await page.WaitForBlazorAsync();
        var number = (await page.Locator("#order-number").InnerTextAsync()).Trim();
        await page.ClickAsync("#submit-order");
        await Expect(page.Locator(".order-status").First).ToContainTextAsync("待审批");
        var submittedAt = await page.Locator("#order-submitted-at").InnerTextAsync();

        // The approver reads the facts in the queue (the same minute as the order page) and on the order, and rejects with a reason.
        var review = await app.NewPageAsync(locale: "en");
        await review.SignInAsync(approver, Password);
        await review.GotoAsync("/approvals");
        await review.WaitForBlazorAsync();
        var card = review.Locator(".mud-paper").Filter(new LocatorFilterOptions { Has = review.Locator(".queue-order", new PageLocatorOptions { HasText = number }) });
        await Expect(card.Locator($"#decision-facts-{number}")).ToContainTextAsync("Left after approval");
        await Expect(card).ToContainTextAsync("submitted " + Regex.Match(submittedAt, @"\d{4}-\d{2}-\d{2} \d{2}:\d{2}").Value);
        await review.AssertAccessibleAsync("approver's queue with the facts");
        await review.ScreenshotAsync("110-approvals-facts-en");
        await review.GotoAsync(orderPath);
        await review.WaitForBlazorAsync();
        await Expect(review.Locator("#decision-facts")).ToContainTextAsync("中秋慰问一线职工");
        await Expect(review.Locator("#facts-before")).ToContainTextAsync("¥2,000,000.00");
        await review.AssertAccessibleAsync("order seen by the approver, with the facts");
        await review.ScreenshotAsync("111-order-facts-en");
        await review.ClickAsync("#reject-order");
        await Expect(review.Locator("#confirm-message")).ToContainTextAsync(number);
        await review.ClickAsync("#confirm-ok");
        await Expect(review.Locator(".mud-dialog")).ToContainTextAsync("Give a reason");
        await review.FillAsync("#confirm-reason", "每人一份太少，请改为每人三件");
        await review.ScreenshotAsync("112-reject-confirm-en");
        await review.ClickAsync("#confirm-ok");
        await Expect(review.Locator(".order-status").First).ToContainTextAsync("Rejected");

        // The purchaser sees the reason above everything, on the desk and on a phone.
        await page.GotoAsync(orderPath);
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("#rejection-banner")).ToContainTextAsync("每人一份太少，请改为每人三件");
        await page.AssertAccessibleAsync("rejected order seen by its purchaser");
        await page.ScreenshotAsync("113-rejected-banner-zh");
        var phone = await app.NewPageAsync(phone: true);
        await phone.SignInAsync(purchaser, Password);
        await phone.GotoAsync(orderPath);
        await phone.WaitForBlazorAsync();
        await Expect(phone.Locator("#rejection-banner")).ToBeVisibleAsync();
        await phone.AssertAccessibleAsync("rejected order at 390 px");
        await phone.ScreenshotAsync("114-rejected-banner-phone-zh");
        // Scrolled to the end of the page, the order's actions stay under the app bar (sticky on phones).
        await phone.EvaluateAsync("() => window.scrollTo(0, document.body.scrollHeight)");
        await Expect(phone.Locator("#submit-order")).ToBeInViewportAsync();
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppServer.ScreenshotDirectory, "151-sticky-actions-phone-zh.png") });

        // Three per package instead of two: the 10 recipients stay; the same order is resubmitted.
        await page.ClickAsync("#edit-lines");
        await page.FillAsync($"#edit-qty-{skuCode}", "3");
        await page.Locator($"#edit-qty-{skuCode}").PressAsync("Tab");
        await page.ScreenshotAsync("115-edit-lines-zh");
        await page.ClickAsync("#save-lines");
        await Expect(page.Locator("#order-lines")).ToContainTextAsync("30");
        await Expect(page.Locator("#recipient-summary")).ToContainTextAsync("10 人");
        await page.ClickAsync("#submit-order");
        await Expect(page.Locator(".order-status").First).ToContainTextAsync("待审批");
        await Expect(page.Locator("#order-number")).ToHaveTextAsync(number);
        await Expect(page.Locator("#order-timeline")).ToContainTextAsync("已驳回 → 待审批");

        // The approver approves through the confirmation, which says the amount.
        await review.GotoAsync(orderPath);
        await review.WaitForBlazorAsync();
        var total = (await review.Locator("#order-total").InnerTextAsync()).Trim();
        await review.ClickAsync("#approve-order");
        await Expect(review.Locator("#confirm-message")).ToContainTextAsync(total);
        await review.AssertAccessibleAsync("approve confirmation dialog");
        await review.ScreenshotAsync("116-approve-confirm-en");
        await review.ClickAsync("#confirm-ok");
        await Expect(review.Locator(".order-status").First).ToContainTextAsync("Approved");

        // Reorder asks what to copy before it makes anything; the draft it made is cancelled through its confirmation.
        await page.GotoAsync(orderPath);
        await page.WaitForBlazorAsync();
        await page.ClickAsync("#reorder");
        await Expect(page.Locator(".mud-dialog")).ToContainTextAsync("同时复制收件人（10 位）");
        await Expect(page.Locator("#confirm-recipients")).ToBeCheckedAsync();
        await page.ScreenshotAsync("117-reorder-dialog-zh");
        await page.ClickAsync("#confirm-ok");
        await page.WaitForURLAsync(url => !url.EndsWith(orderPath, StringComparison.Ordinal) && Regex.IsMatch(url, "/orders/[0-9a-f-]{36}$"));
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("#recipient-summary")).ToContainTextAsync("10 人");
        // The copy is a draft: it holds no stock yet, and its page says when a line is short now. Someone else's orders
        // leave 20 of the SKU (the draft needs 30); the draft page shows the shortage, read-only; then the stock comes back.
        await Expect(page.Locator("#stock-ok")).ToContainTextAsync("10");
        int stock;
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProcurementDbContext>();
            stock = await db.Skus.Where(s => s.Id == sku).Select(s => s.Stock).SingleAsync();
            await db.Skus.Where(s => s.Id == sku).ExecuteUpdateAsync(u => u.SetProperty(s => s.Stock, s => s.Reserved + 20));
        }
        try
        {
            await page.ReloadAsync();
            await page.WaitForBlazorAsync();
            await Expect(page.Locator("#stock-shortages .stock-shortage")).ToHaveCountAsync(1);
            await Expect(page.Locator($"#stock-shortages .stock-shortage[data-sku=\"{skuCode}\"]")).ToBeVisibleAsync();
            await Expect(page.Locator("#stock-shortages .use-alternative")).ToHaveCountAsync(0);
            await Expect(page.Locator("#fit-packages")).ToHaveCountAsync(0);
            await page.AssertAccessibleAsync("draft order with a short line");
            await page.ScreenshotAsync("150-draft-short-line-zh");
        }
        finally
        {
            await using var scope = app.Services.CreateSystemScope();
            await scope.ServiceProvider.GetRequiredService<ProcurementDbContext>().Skus.Where(s => s.Id == sku)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Stock, stock));
        }
        await page.ClickAsync("#cancel-order");
        await Expect(page.Locator("#confirm-message")).ToContainTextAsync("10 位收件人");
        await page.ScreenshotAsync("118-cancel-draft-confirm-zh");
        await page.ClickAsync("#confirm-ok");
        await Expect(page.Locator(".order-status").First).ToContainTextAsync("已取消");
        await phone.GotoAsync(orderPath);
        await phone.WaitForBlazorAsync();
        await phone.AssertAccessibleAsync("approved order at 390 px");
        await phone.ScreenshotAsync("119-approved-order-phone-zh");
        // Approved, the purchaser pays: on a phone the payment panel is below everything else, and the action bar leads to it.
        await Expect(phone.Locator("#order-payment")).Not.ToBeInViewportAsync();
        await phone.ClickAsync("#jump-to-payment");
        await Expect(phone.Locator("#order-payment")).ToBeInViewportAsync();
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppServer.ScreenshotDirectory, "152-jump-to-payment-phone-zh.png") });
    }
}
