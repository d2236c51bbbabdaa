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
/// The union's own reference on an order (#22): given when the draft is made, shown under the order number, changed in
/// the draft editor, on a desk in zh-CN and en and on a phone.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class OrderReferenceJourneyTests(AppServer app)
{
    private const string Password = "Reference2026pass";

    [Fact]
    public async Task A_purchaser_sees_the_reference_under_the_number_and_changes_it_in_the_draft_editor()
    {
        var (purchaser, approver) = await app.CreateAsync(new OwnUnion.Terms("兰州审批单号测试工会", "620000", "91620000", 500, 0m, 2_000_000m,
            "reference.example.cn", "赵采购", "钱审批"), Password);
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
            Content = JsonContent.Create(new { occasion = "MidAutumn", note = "中秋慰问一线职工", reference = "甘工审〔2026〕31号", lines = new[] { new { skuId = sku, quantity = 20 } } }),
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

        var page = await app.NewPageAsync();
        await page.SignInAsync(purchaser, Password);
        await page.GotoAsync(orderPath);
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("#order-reference")).ToHaveTextAsync("审批单号/经费科目：甘工审〔2026〕31号");
        await page.ScreenshotAsync("165-order-reference-zh");

        await page.ClickAsync("#edit-lines");
        await Expect(page.Locator("#edit-reference")).ToHaveValueAsync("甘工审〔2026〕31号");
        await page.FillAsync("#edit-reference", "  经费科目 2310301 ");
        await page.ScreenshotAsync("166-edit-reference-zh");
        await page.ClickAsync("#save-lines");
        await Expect(page.Locator("#order-reference")).ToHaveTextAsync("审批单号/经费科目：经费科目 2310301");
        await page.AssertAccessibleAsync("order with its reference");

        var english = await app.NewPageAsync(locale: "en");
        await english.SignInAsync(purchaser, Password);
        await english.GotoAsync(orderPath);
        await english.WaitForBlazorAsync();
        await Expect(english.Locator("#order-reference")).ToHaveTextAsync("Approval / budget-line no.: 经费科目 2310301");
        await english.ScreenshotAsync("167-order-reference-en");

        var phone = await app.NewPageAsync(phone: true);
        await phone.SignInAsync(purchaser, Password);
        await phone.GotoAsync(orderPath);
        await phone.WaitForBlazorAsync();
        await Expect(phone.Locator("#order-reference")).ToBeVisibleAsync();
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), "the order page is wider than the phone");
        await phone.ScreenshotAsync("168-order-reference-phone-zh");
    }
}
