using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Procurement.Core.Catalog;
using Procurement.Core.Common;
using Procurement.Core.Partners;
using Procurement.Core.Unions;
using Procurement.Core.Users;
using Procurement.Infrastructure.Persistence;
using Procurement.Infrastructure.Users;
using static Microsoft.Playwright.Assertions;

namespace Procurement.EndToEndTests;

/// <summary>
/// The federation's report (#23): a city federation's approver opens the 消费帮扶 report of its subtree, drills into an
/// enterprise union below it and into a Gansu county's products, sets its target and exports the 填报 file; zh-CN, en
/// and a phone. Screenshots 190–209.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ReportJourneyTests(AppServer app)
{
    private const string Password = "Report2026pass";

    [Fact]
    public async Task A_city_federations_approver_reads_its_subtree_drills_down_and_exports()
    {
        var tag = Guid.NewGuid().ToString("N")[..4];
        var year = BusinessDate.Year(TimeProvider.System);
        var city = await UnionAsync($"无锡市总工会{tag}", null);
        var enterprise = await UnionAsync($"无锡红豆集团工会{tag}", city.Id);
        var second = await UnionAsync($"无锡海澜之家工会{tag}", city.Id);
        var finance = $"f{tag}@report.example.cn";
        await CreateUserAsync(finance, Roles.Finance, null, "孙财务");

        // Two products of two counties, one certified today: the goods the unions buy.
        List<(Guid Id, string Code, decimal Price, int Min)> skus;
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProcurementDbContext>();
            var today = BusinessDate.Today(TimeProvider.System);
            var stocked = await db.Skus.Where(s => s.Stock - s.Reserved >= 100 && s.MinOrderQuantity <= 10).Select(s => s.ProductId).Distinct().ToListAsync();
            var products = (await db.Products.Where(p => p.Status == ProductStatus.Published && stocked.Contains(p.Id)).ToListAsync()).ToList();
            var certified = products.First(p => p.IsCertifiedOn(today));
            var plain = products.First(p => !p.IsCertifiedOn(today) && p.CountyCode != certified.CountyCode);
            skus = [];
            foreach (var product in new[] { certified, plain })
            {
                var sku = await db.Skus.Where(s => s.ProductId == product.Id && s.Stock - s.Reserved >= 100 && s.MinOrderQuantity <= 10).OrderBy(s => s.Code).FirstAsync();
                skus.Add((sku.Id, sku.Code, sku.Price, sku.MinOrderQuantity));
            }
        }
        await PaidOrderAsync(enterprise, finance, [(skus[0].Id, Math.Max(10, skus[0].Min)), (skus[1].Id, Math.Max(10, skus[1].Min))]);
        await PaidOrderAsync(second, finance, [(skus[1].Id, Math.Max(10, skus[1].Min))]);
        await PaidOrderAsync(city, finance, [(skus[0].Id, Math.Max(10, skus[0].Min))]);
        // And an order the city bought on 832平台, naming its USCC.
        await PushAsync(city.Uscc, skus[1].Code);

        var page = await app.NewPageAsync();
        await page.SignInAsync(city.Approver, Password);
        await page.GotoAsync("/union");
        await page.WaitForBlazorAsync();
        await page.ClickAsync("#open-report");
        await Expect(page.Locator("#report-heading")).ToContainTextAsync(city.Name);
        await Expect(page.Locator("#report-children .child-link")).ToHaveCountAsync(2);
        await Expect(page.Locator("#report-channels [data-key=P832]")).ToContainTextAsync("832平台");
        await page.ScreenshotAsync("190-report-city-zh");
        await page.AssertAccessibleAsync("the city's report");

        // The approver sets the city's target: a share out of range is named, a good one saved.
        await page.FillAsync("#target-share", "1.5");
        await page.ClickAsync("#target-save");
        await Expect(page.Locator("#target-form")).ToContainTextAsync("帮扶占比目标须在 0 到 1 之间");
        await page.FillAsync("#target-share", "0.5");
        await page.FillAsync("#target-reserved", "100000");
        await page.ClickAsync("#target-save");
        await Expect(page.Locator("#report-target")).ToContainTextAsync("预留份额 ¥100,000.00");
        await page.Locator("#report-target").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync("191-report-target-zh");

        // From a county to the products bought there.
        await page.Locator("#report-counties .ranked-bar-button").First.ClickAsync();
        await Expect(page.Locator("#report-county-products tbody tr")).Not.ToHaveCountAsync(0);
        await page.Locator("#report-county-products").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync("192-report-county-products-zh");

        // Down to the enterprise union, and back up.
        await page.Locator("#report-children .child-link").Filter(new() { HasText = enterprise.Name }).ClickAsync();
        await Expect(page.Locator("#report-heading")).ToContainTextAsync(enterprise.Name);
        await Expect(page.Locator("#report-up")).ToBeVisibleAsync();
        await page.ScreenshotAsync("193-report-child-zh");
        await page.ClickAsync("#report-up");
        await Expect(page.Locator("#report-heading")).ToContainTextAsync(city.Name);

        // The 填报 file: one row per union of the subtree, then the totals.
        var csv = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#report-export-csv"));
        var bytes = await File.ReadAllBytesAsync((await csv.PathAsync())!);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("单位名称,统一社会信用代码,上级单位", lines[0], StringComparison.Ordinal);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("合计,", lines[4], StringComparison.Ordinal);
        var xlsx = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#report-export-xlsx"));
        await xlsx.SaveAsAsync(Path.Combine(AppServer.ScreenshotDirectory, "..", "exports", "union-report-zh.xlsx"));
        await csv.SaveAsAsync(Path.Combine(AppServer.ScreenshotDirectory, "..", "exports", "union-report-zh.csv"));

        // A sibling's report is not the city's to open.
        await page.GotoAsync($"/union/report?unionId={Guid.NewGuid()}&year={year}");
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("#server-errors")).ToBeVisibleAsync();

        var english = await app.NewPageAsync(locale: "en");
        await english.SignInAsync(city.Approver, Password);
        await english.GotoAsync("/union/report");
        await english.WaitForBlazorAsync();
        await Expect(english.Locator("#report-heading")).ToContainTextAsync("Assistance report");
        await Expect(english.Locator("#report-channels")).ToContainTextAsync("832 platform");
        await english.ScreenshotAsync("194-report-city-en");
        await english.AssertAccessibleAsync("the city's report in English");

        var phone = await app.NewPageAsync(phone: true);
        await phone.SignInAsync(city.Approver, Password);
        await phone.GotoAsync("/union/report");
        await phone.WaitForBlazorAsync();
        await Expect(phone.Locator("#report-children .child-link")).ToHaveCountAsync(2);
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), "the report is wider than the phone");
        await phone.ScreenshotAsync("195-report-city-phone-zh");
        await phone.Locator("#report-counties").ScrollIntoViewIfNeededAsync();
        await phone.ScreenshotAsync("196-report-counties-phone-zh");
        await phone.AssertAccessibleAsync("the city's report on a phone");
    }

    private sealed record Union(Guid Id, string Name, string Uscc, string Purchaser, string Approver);

    private async Task<Union> UnionAsync(string name, Guid? parent)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var first17 = $"91320200MA{Random.Shared.Next(1_000_000, 9_999_999):D7}";
        var uscc = first17 + Uscc.CheckCharacter(first17);
        await using var scope = app.Services.CreateSystemScope();
        var created = await scope.ServiceProvider.GetRequiredService<UnionAdmin>().CreateAsync(new UnionRequest
        {
            Name = name, Uscc = uscc, ProvinceCode = "320000", ParentId = parent, MemberCount = 800, AnnualCapPerMember = 1_800m, ApprovalThreshold = 10_000_000m,
            Budgets = [new BudgetRequest { Year = BusinessDate.Year(TimeProvider.System), Amount = 5_000_000m }],
        }, CancellationToken.None);
        Assert.True(created.Succeeded, created.Error?.Detail);
        var union = new Union(created.Value!.Id, name, uscc, $"p{tag}@report.example.cn", $"a{tag}@report.example.cn");
        await CreateUserAsync(union.Purchaser, Roles.Purchaser, union.Id, "周采购");
        await CreateUserAsync(union.Approver, Roles.Approver, union.Id, "吴审批");
        return union;
    }

    private async Task CreateUserAsync(string email, string role, Guid? unionId, string name)
    {
        await using var scope = app.Services.CreateSystemScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserAdmin>().CreateAsync(new UserRequest
        {
            Email = email, Password = Password, DisplayName = name, Role = role, UnionId = unionId,
        }, CancellationToken.None);
        Assert.True(user.Succeeded, user.Error?.Detail);
    }

    private async Task<HttpClient> ApiAsync(string email)
    {
        var api = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var token = await (await api.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password })).Content.ReadFromJsonAsync<JsonElement>();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return api;
    }

    /// <summary>A union's order of 10 members, submitted (below its threshold: approved) and paid by a confirmed bank transfer.</summary>
    private async Task PaidOrderAsync(Union union, string finance, (Guid Sku, int Quantity)[] lines)
    {
        using var api = await ApiAsync(union.Purchaser);
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders")
        {
            Content = JsonContent.Create(new { occasion = "SpringFestival", lines = lines.Select(l => new { skuId = l.Sku, quantity = l.Quantity }) }),
        };
        create.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var created = await api.SendAsync(create);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var orderId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var csv = new StringBuilder("姓名,手机号,省,市,区县,详细地址,份数\n");
        var first = Random.Shared.Next(10_000_000, 90_000_000);
        for (var i = 0; i < 10; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"职工{i + 1},139{first + i:D8},江苏省,无锡市,梁溪区,中山路{i + 1}号,1\n");
        }
        using var upload = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        upload.Add(file, "file", "职工.csv");
        var put = await api.PutAsync($"/api/v1/orders/{orderId}/recipients", upload);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        var submitted = await api.PostAsync($"/api/v1/orders/{orderId}/submit", null);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        var total = (await api.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{orderId}")).GetProperty("total").GetDecimal();
        using var clerk = await ApiAsync(finance);
        var confirmed = await clerk.PostAsJsonAsync($"/api/v1/finance/orders/{orderId}/bank-transfer-confirmations",
            new { amount = total, reference = "对公转账", receivedAt = DateTimeOffset.UtcNow.AddMinutes(-2) });
        Assert.True(confirmed.IsSuccessStatusCode, await confirmed.Content.ReadAsStringAsync());
    }

    private async Task PushAsync(string buyerUscc, string skuCode)
    {
        var body = JsonSerializer.Serialize(new
        {
            partnerOrderNo = $"832-{Guid.NewGuid():N}"[..20], placedAt = DateTimeOffset.UtcNow.AddMinutes(-30), buyerName = "无锡市总工会", buyerUscc,
            lines = new[] { new { skuCode, quantity = 20, unitPrice = 45m } },
            recipient = new { name = "张三", phone = "13800138000", province = "江苏省", city = "无锡市", district = "梁溪区", address = "人民中路 1 号" },
            paidAmount = 900m, status = "Completed",
        });
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var api = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/partners/P832/orders") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Partner-Timestamp", ts);
        request.Headers.Add("X-Partner-Signature", PartnerSignature.Sign(AppServer.PartnerSecret, ts, Encoding.UTF8.GetBytes(body)));
        var response = await api.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
