using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Procurement.Core.Catalog;
using Procurement.Core.Users;
using Procurement.Infrastructure.Jobs;
using Procurement.Infrastructure.Persistence;
using Procurement.Infrastructure.Seeding;
using Procurement.Infrastructure.Users;
using static Microsoft.Playwright.Assertions;

namespace Procurement.EndToEndTests;

/// <summary>
/// Member choice (#24) on a phone: a member opens the link from their text message, chooses a package, changes it to
/// another with a corrected address, and after delivery confirms receipt; the purchaser watches the counts on the
/// order page; zh-CN and en. Screenshots 210–239.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class GiftJourneyTests(AppServer app)
{
    private const string Password = "Gift2026pass";

    [Fact]
    public async Task A_member_chooses_changes_and_confirms_receipt_while_the_purchaser_watches_the_counts()
    {
        // Below the approval threshold: submitting approves, so the order is paid at once.
        var (purchaser, _) = await app.CreateAsync(new OwnUnion.Terms("兰州自选礼包测试工会", "620000", "91620000", 500, 10_000_000m, 2_000_000m,
            "gift.example.cn", "孙采购", "李审批"), Password);
        List<Guid> skus;
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProcurementDbContext>();
            // Three published SKUs of three products with photos and plenty of stock: the three packages.
            skus = await db.Skus.Where(s => s.Stock - s.Reserved >= 200 && db.Products.Any(p => p.Id == s.ProductId && p.Status == ProductStatus.Published && p.ImageUrl != null))
                .GroupBy(s => s.ProductId).Select(g => g.OrderBy(s => s.Code).First().Id).Take(3).ToListAsync();
        }
        Assert.Equal(3, skus.Count);

        using var api = await ApiAsync(purchaser, Password);
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders")
        {
            Content = JsonContent.Create(new
            {
                occasion = "MidAutumn",
                note = "中秋职工自选礼包",
                mode = "choice",
                lines = Array.Empty<object>(),
                options = new object[]
                {
                    new { name = "兰州百合礼盒", lines = new[] { new { skuId = skus[0], quantity = 1 } } },
                    new { name = "静宁苹果组合", lines = new[] { new { skuId = skus[1], quantity = 1 } } },
                    new { name = "牦牛肉干组合", lines = new[] { new { skuId = skus[2], quantity = 1 } } },
                },
                defaultOption = 1,
                choiceDeadline = DateTimeOffset.UtcNow.AddDays(7),
            }),
        };
        create.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var created = await api.SendAsync(create);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var order = await created.Content.ReadFromJsonAsync<JsonElement>();
        var orderId = order.GetProperty("id").GetGuid();
        var csv = new StringBuilder("姓名,手机号,省,市,区县,详细地址,份数\n");
        for (var i = 0; i < 12; i++)
        {
            csv.Append($"职工{i + 1},1391234{i:D4},甘肃省,兰州市,城关区,庆阳路{i + 1}号,1\n");
        }
        using var upload = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        upload.Add(file, "file", "职工.csv");
        Assert.True((await api.PutAsync($"/api/v1/orders/{orderId}/recipients", upload)).IsSuccessStatusCode);
        var submitted = await api.PostAsync($"/api/v1/orders/{orderId}/submit", null);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        var total = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetDecimal();
        var finance = DemoSeeder.Logins.Single(l => l.Role == Roles.Finance);
        using var financeApi = await ApiAsync(finance.Email, finance.Password);
        var confirmed = await financeApi.PostAsJsonAsync($"/api/v1/finance/orders/{orderId}/bank-transfer-confirmations",
            new { amount = total, reference = "中秋自选礼包", receivedAt = DateTimeOffset.UtcNow.AddMinutes(-5) });
        Assert.True(confirmed.IsSuccessStatusCode, await confirmed.Content.ReadAsStringAsync());

        // The codes sheet the purchaser can hand out; the member's code is in it.
        var sheet = await api.GetStringAsync($"/api/v1/orders/{orderId}/gift-codes?format=csv");
        var rows = sheet.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
        var code = rows[0][2];
        var second = rows[1][2];

        // A member on a phone: chooses 牦牛肉干组合.
        var phone = await app.NewPageAsync(phone: true);
        await phone.GotoAsync($"/gift/{code}");
        await phone.WaitForBlazorAsync();
        await Expect(phone.Locator("#gift-prompt")).ToBeVisibleAsync();
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), "the gift page is wider than the phone");
        await phone.ScreenshotAsync("210-gift-open-phone-zh");
        await phone.ClickAsync("#gift-option-2");
        await phone.ClickAsync("#gift-choose");
        await Expect(phone.Locator("#gift-confirmed")).ToContainTextAsync("已选择：牦牛肉干组合");
        await phone.ScreenshotAsync("211-gift-chosen-phone-zh");

        // Changes to 兰州百合礼盒 and corrects the address with the region picker.
        await phone.ClickAsync("#gift-option-0");
        await phone.ClickAsync("#gift-edit-address");
        await phone.SelectMudAsync("城市", "天水市");
        await phone.SelectMudAsync("区县", "秦州区");
        await phone.FillAsync("#gift-detail", "民主西路8号");
        await phone.ScreenshotAsync("212-gift-change-address-phone-zh");
        await phone.ClickAsync("#gift-choose");
        await Expect(phone.Locator("#gift-confirmed")).ToContainTextAsync("已选择：兰州百合礼盒");
        await Expect(phone.Locator("#gift-confirmed")).ToContainTextAsync("天水市 秦州区 民主西路8号");
        await phone.ScreenshotAsync("213-gift-changed-phone-zh");
        await phone.AssertAccessibleAsync("gift page");

        // Another member chooses in English.
        var english = await app.NewPageAsync(locale: "en", phone: true);
        await english.GotoAsync($"/gift/{second}");
        await english.WaitForBlazorAsync();
        await english.ClickAsync("#gift-option-2");
        await english.ClickAsync("#gift-choose");
        await Expect(english.Locator("#gift-confirmed")).ToContainTextAsync("Your choice: 牦牛肉干组合");
        await english.ScreenshotAsync("214-gift-chosen-phone-en");

        // The purchaser watches the counts on the order page.
        var desk = await app.NewPageAsync();
        await desk.SignInAsync(purchaser, Password);
        await desk.GotoAsync($"/orders/{orderId}");
        await desk.WaitForBlazorAsync();
        await Expect(desk.Locator("#order-gifts-chosen")).ToContainTextAsync("已选择 2 / 12 人");
        await Expect(desk.Locator("#order-gift-option-0 .gift-count")).ToContainTextAsync("1 人");
        await desk.ScreenshotAsync("215-order-gift-counts-zh");
        await desk.ClickAsync("#order-gifts-remind");
        await Expect(desk.Locator(".mud-snackbar")).ToContainTextAsync("10");
        await desk.AssertAccessibleAsync("order page with the members' choices");
        var deskEn = await app.NewPageAsync(locale: "en");
        await deskEn.SignInAsync(purchaser, Password);
        await deskEn.GotoAsync($"/orders/{orderId}");
        await deskEn.WaitForBlazorAsync();
        await Expect(deskEn.Locator("#order-gifts-chosen")).ToContainTextAsync("2 of 12 members have chosen");
        await deskEn.ScreenshotAsync("216-order-gift-counts-en");

        // The deadline: brought forward in the database (the journey cannot wait a week), then the job closes the choices.
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProcurementDbContext>();
            await db.Orders.Where(o => o.Id == orderId).ExecuteUpdateAsync(o => o.SetProperty(x => x.ChoiceDeadline, DateTimeOffset.UtcNow.AddSeconds(-1)));
            var run = await scope.ServiceProvider.GetRequiredService<GiftDeadlinesJob>().RunAsync(CancellationToken.None);
            Assert.Equal(1, run.Closed);
        }
        // The supplier ships and delivers the member's parcel (tracking import, as suppliers report it).
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProcurementDbContext>();
            var parcel = await db.Shipments.SingleAsync(s => s.OrderId == orderId && s.RecipientRow == 2);
            Assert.Equal("民主西路8号", parcel.Address);
        }
        await DeliverAsync(orderId);

        await phone.ReloadAsync();
        await phone.WaitForBlazorAsync();
        await Expect(phone.Locator("#gift-confirm-receipt")).ToBeVisibleAsync();
        await phone.ScreenshotAsync("217-gift-delivered-phone-zh");
        await phone.ClickAsync("#gift-confirm-receipt");
        await Expect(phone.Locator("#gift-received")).ToBeVisibleAsync();
        await phone.ScreenshotAsync("218-gift-received-phone-zh");

        // The parcel says what it holds; the member reports it damaged: a case the purchaser sees.
        await Expect(phone.Locator("#gift-delivery")).ToContainTextAsync("× 1");
        await phone.ClickAsync("#gift-report-problem");
        await phone.FillAsync("#gift-problem-text", "外包装压坏，礼盒破损");
        await phone.ScreenshotAsync("222-gift-problem-phone-zh");
        await phone.ClickAsync("#gift-problem-submit");
        await Expect(phone.Locator("#gift-problem-reported")).ToBeVisibleAsync();
        await phone.ScreenshotAsync("223-gift-problem-reported-phone-zh");
    }

    [Fact]
    public async Task A_purchaser_lets_members_choose_in_the_package_builder_and_sees_the_options_on_the_order()
    {
        var (purchaser, _) = await app.CreateAsync(new OwnUnion.Terms("兰州自选建单测试工会", "620000", "91620000", 500, 10_000_000m, 2_000_000m,
            "gift-builder.example.cn", "周采购", "吴审批"), Password);
        List<Guid> skus;
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProcurementDbContext>();
            skus = await db.Skus.Where(s => s.Stock - s.Reserved >= 200 && s.MinOrderQuantity <= 1
                    && db.Products.Any(p => p.Id == s.ProductId && p.Status == ProductStatus.Published && p.ImageUrl != null))
                .GroupBy(s => s.ProductId).Select(g => g.OrderBy(s => s.Code).First().Id).Take(3).ToListAsync();
        }
        using var api = await ApiAsync(purchaser, Password);
        foreach (var sku in skus)
        {
            var added = await api.PostAsJsonAsync("/api/v1/purchase-list/items", new { skuId = sku, perPackage = 1 });
            Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        }

        var desk = await app.NewPageAsync();
        await desk.SignInAsync(purchaser, Password);
        await desk.GotoAsync("/orders/new");
        await desk.WaitForBlazorAsync();
        await desk.ClickAsync("#choice-enabled");
        await Expect(desk.Locator("#choice-option-2")).ToBeVisibleAsync();
        await desk.FillAsync("#choice-name-0", "兰州百合礼盒");
        // The third line also goes into the second option (a SKU may be in several): the table names both options.
        var third = (await desk.Locator("#package-lines tbody tr").Nth(2).Locator("a").First.InnerTextAsync()).Trim();
        await desk.Locator("#choice-line-1-2").CheckAsync();
        await Expect(desk.Locator("#package-lines tbody tr").Nth(2).Locator(".line-quantity")).ToContainTextAsync(" / ");
        await desk.ScreenshotAsync("219-builder-member-choice-zh");
        await desk.SetViewportSizeAsync(390, 844);
        await desk.ScreenshotAsync("221-builder-member-choice-phone-zh");
        await desk.SetViewportSizeAsync(1366, 900);
        await desk.ClickAsync("#create-order");
        await desk.WaitForURLAsync(url => url.Contains("created=1", StringComparison.Ordinal));
        await Expect(desk.Locator("#order-gifts")).ToContainTextAsync("职工自选（3 选 1）");
        await Expect(desk.Locator("#order-gift-option-0")).ToContainTextAsync("兰州百合礼盒");
        await Expect(desk.Locator("#order-gift-option-1")).ToContainTextAsync(third);
        await desk.ScreenshotAsync("220-order-choice-options-zh");
        await desk.AssertAccessibleAsync("choice order draft");
    }

    /// <summary>Every parcel of the order shipped and delivered through the suppliers' tracking import.</summary>
    private async Task DeliverAsync(Guid orderId)
    {
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<ProcurementDbContext>();
        var parcels = await db.Shipments.Where(s => s.OrderId == orderId).Select(s => new { s.Id, s.SupplierId }).ToListAsync();
        var today = Core.Common.BusinessDate.Of(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var supplier in parcels.GroupBy(p => p.SupplierId))
        {
            // A user of the supplier's own, to report its parcels as suppliers do.
            var email = $"s{Guid.NewGuid():N}"[..9] + "@gift.example.cn";
            var user = await scope.ServiceProvider.GetRequiredService<UserAdmin>().CreateAsync(new UserRequest
            {
                Email = email, Password = Password, DisplayName = "发货员", Role = Roles.Supplier, SupplierId = supplier.Key,
            }, CancellationToken.None);
            Assert.True(user.Succeeded, user.Error?.Detail);
            using var client = await ApiAsync(email, Password);
            var csv = new StringBuilder("shipment_id,carrier,tracking_no,delivered_at\n");
            foreach (var parcel in supplier)
            {
                csv.Append($"{parcel.Id},EMS,EMS{parcel.Id:D10},{today}\n");
            }
            using var upload = new MultipartFormDataContent();
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            upload.Add(file, "file", "tracking.csv");
            var imported = await client.PostAsync("/api/v1/supplier/shipments/tracking", upload);
            Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
        }
    }

    private async Task<HttpClient> ApiAsync(string email, string password)
    {
        var api = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var token = await (await api.PostAsJsonAsync("/api/v1/auth/login", new { email, password })).Content.ReadFromJsonAsync<JsonElement>();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return api;
    }
}
