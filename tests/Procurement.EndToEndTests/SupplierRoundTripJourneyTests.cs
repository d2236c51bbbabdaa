using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Common;
using Procurement.Core.Unions;
using Procurement.Core.Users;
using Procurement.Infrastructure.Users;
using Procurement.Infrastructure.Seeding;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Procurement.EndToEndTests;

/// <summary>
/// The supplier's round-trip forgives (issue #21): signed in, the supplier lands on its portal, downloads the packing
/// list in Chinese, fills in 50 of an order's 200 parcels (tracking numbers typed with spaces) and imports it: 50
/// imported, 150 skipped, nothing refused.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SupplierRoundTripJourneyTests(AppServer app, ITestOutputHelper output)
{
    private static DemoLogin Login(string role) => DemoSeeder.Logins.Single(l => l.Role == role);

    /// <summary>A bearer client of a demo account, for arranging what the journey is not about.</summary>
    internal static async Task<HttpClient> ApiAsync(AppServer app, string role)
    {
        var login = Login(role);
        var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var token = await (await client.PostAsJsonAsync("/api/v1/auth/login", new { email = login.Email, password = login.Password })).Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>A purchaser of a new union (no approval needed below 1,000,000), signed in to the API.</summary>
    private static async Task<HttpClient> OwnPurchaserAsync(AppServer app)
    {
        var email = $"rt{Guid.NewGuid():N}"[..12] + "@test.example.cn";
        const string password = "RoundTrip2026pass";
        await using (var scope = app.Services.CreateSystemScope())
        {
            var first17 = $"91620000MB{Random.Shared.Next(1_000_000, 9_999_999):D7}";
            var union = await scope.ServiceProvider.GetRequiredService<UnionAdmin>().CreateAsync(new UnionRequest
            {
                Name = $"往返测试工会{Guid.NewGuid():N}"[..12],
                Uscc = first17 + Uscc.CheckCharacter(first17),
                ProvinceCode = "620000",
                MemberCount = 500,
                AnnualCapPerMember = 1800m,
                ApprovalThreshold = 1_000_000m,
                Budgets = [new() { Year = BusinessDate.Year(TimeProvider.System), Amount = 1_000_000m }],
            }, CancellationToken.None);
            Assert.True(union.Succeeded, union.Error?.Detail);
            var user = await scope.ServiceProvider.GetRequiredService<UserAdmin>().CreateAsync(new UserRequest
            {
                Email = email, Password = password, DisplayName = "往返采购", Role = Roles.Purchaser, UnionId = union.Value!.Id,
            }, CancellationToken.None);
            Assert.True(user.Succeeded, user.Error?.Detail);
        }
        var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var token = await (await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password })).Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>A paid order of the demo supplier's first SKU that takes it, for 200 members: its number.</summary>
    internal static async Task<string> PaidOrderOf200Async(AppServer app)
    {
        var supplier = await ApiAsync(app, Roles.Supplier);
        var products = await supplier.GetFromJsonAsync<JsonElement>("/api/v1/supplier/products?pageSize=100");
        var sku = products.GetProperty("items").EnumerateArray().Where(p => p.GetProperty("status").GetString() == "Published")
            .SelectMany(p => p.GetProperty("skus").EnumerateArray())
            .First(s => s.GetProperty("stock").GetInt32() >= 400 && s.GetProperty("minOrderQuantity").GetInt32() <= 200);
        // A union of its own, so the demo union's figures other journeys check stay as they were.
        var purchaser = await OwnPurchaserAsync(app);
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders")
        {
            Content = JsonContent.Create(new { occasion = "MidAutumn", note = "发货单往返", lines = new[] { new { skuId = sku.GetProperty("id").GetGuid(), quantity = 200 } } }),
        };
        create.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var created = await purchaser.SendAsync(create);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var order = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = order.GetProperty("id").GetGuid();
        var csv = new StringBuilder("姓名,手机号,省,市,区县,详细地址,份数\n");
        for (var i = 0; i < 200; i++)
        {
            csv.Append($"往返{i:D3},139{i:D8},甘肃省,兰州市,城关区,东岗西路 {i + 1} 号,1\n");
        }
        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString())), "file", "members.csv" } };
        var put = await purchaser.PutAsync($"/api/v1/orders/{id}/recipients", form);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        var submitted = await purchaser.PostAsync($"/api/v1/orders/{id}/submit", null);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        var state = await submitted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Approved", state.GetProperty("status").GetString());
        var total = (await purchaser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}")).GetProperty("total").GetDecimal();
        var paid = await (await ApiAsync(app, Roles.Finance)).PostAsJsonAsync($"/api/v1/finance/orders/{id}/bank-transfer-confirmations",
            new { amount = total, reference = "往返测试转账", receivedAt = DateTimeOffset.UtcNow.AddMinutes(-5) });
        Assert.True(paid.IsSuccessStatusCode, await paid.Content.ReadAsStringAsync());
        return order.GetProperty("number").GetString()!;
    }

    /// <summary>Signs in on the page and waits for the landing page to be interactive; the time each step took.</summary>
    internal static async Task<(double Submit, double Interactive)> SignInTimedAsync(IPage page, DemoLogin login)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", login.Email);
        await page.FillAsync("#password", login.Password);
        var clock = Stopwatch.StartNew();
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        var landed = clock.Elapsed.TotalMilliseconds;
        await page.WaitForBlazorAsync();
        var interactive = clock.Elapsed.TotalMilliseconds;
        // Where the time went, by the browser's own clock (ms from the click's navigation start).
        Timings = await page.EvaluateAsync<string>("""
            () => { const n = performance.getEntriesByType('navigation')[0];
                    const r = performance.getEntriesByType('resource').filter(e => e.name.includes('_framework') || e.name.includes('_content'));
                    return `redirect ${Math.round(n.redirectEnd - n.redirectStart)} · first byte ${Math.round(n.responseStart)} · html done ${Math.round(n.responseEnd)}`
                      + ` · DOMContentLoaded ${Math.round(n.domContentLoadedEventEnd)} · load ${Math.round(n.loadEventEnd)}`
                      + ` · scripts/css ${r.length} (${r.filter(e => e.transferSize > 0).length} fetched, slowest ${Math.round(Math.max(0, ...r.map(e => e.duration)))} ms)`; }
            """);
        return (landed, interactive);
    }

    /// <summary>The last timed sign-in's navigation timings, as the browser measured them.</summary>
    internal static string Timings { get; private set; } = "";

    /// <summary>The file input answers once Blazor's script has bound it, a moment after the circuit is up: set the file again if nothing came of it.</summary>
    private static async Task UploadAsync(IPage page, string name, string csv)
    {
        var outcome = page.Locator("#tracking-done, #tracking-error");
        for (var attempt = 0; attempt < 4 && await outcome.CountAsync() == 0; attempt++)
        {
            await page.Locator("input[type=file]").First.SetInputFilesAsync(new FilePayload { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
            try
            {
                await outcome.WaitForAsync(new LocatorWaitForOptions { Timeout = 5_000 });
            }
            catch (TimeoutException)
            {
            }
        }
    }

    private static string Filled(string packing, string number, int fill)
    {
        var lines = packing.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var file = new StringBuilder(lines[0]).Append("\r\n");
        var n = 0;
        foreach (var line in lines.Skip(1).Where(l => l.Contains(number, StringComparison.Ordinal)))
        {
            var cells = line.Split(',');
            if (n++ < fill)
            {
                cells[1] = "顺丰速运";
                cells[2] = $"SF 7100 {n:D4}\u3000";
            }
            file.Append(string.Join(',', cells)).Append("\r\n");
        }
        return file.ToString();
    }

    [Fact]
    public async Task A_supplier_imports_a_half_filled_packing_list_and_sees_50_imported_and_150_skipped()
    {
        var number = await PaidOrderOf200Async(app);
        var supplier = Login(Roles.Supplier);
        var page = await app.NewPageAsync();
        var (submit, interactive) = await SignInTimedAsync(page, supplier);
        output.WriteLine($"supplier sign-in (first of this page in the process): landed {submit:0} ms, interactive {interactive:0} ms; {Timings}");
        var again = await app.NewPageAsync();
        var (submit2, interactive2) = await SignInTimedAsync(again, supplier);
        output.WriteLine($"supplier sign-in (warm): landed {submit2:0} ms, interactive {interactive2:0} ms; {Timings}");
        Assert.Equal("/supplier", new Uri(page.Url).AbsolutePath);

        await page.GotoAsync("/supplier/shipments");
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("#shipment-filter .filter-chip-active")).ToContainTextAsync("待发货");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#packing-csv"));
        var packing = (await File.ReadAllTextAsync((await download.PathAsync())!)).TrimStart('\uFEFF');
        Assert.StartsWith("发货单号,快递公司,运单号,签收时间,订单号,收件人,手机号,地区,详细地址,份数,包裹内容,状态", packing);
        Assert.Equal(200, packing.Split("\r\n").Count(l => l.Contains(number, StringComparison.Ordinal) && l.EndsWith(",待发货", StringComparison.Ordinal)));

        var half = Filled(packing, number, 50);
        await UploadAsync(page, "发货单-已填50.csv", half);
        await Expect(page.Locator("#tracking-done")).ToContainTextAsync("已导入 50 个包裹");
        await Expect(page.Locator("#tracking-done")).ToContainTextAsync("150 行未填运单号，已跳过");
        await page.AssertAccessibleAsync("supplier shipments after an import");
        await page.ScreenshotAsync("130-supplier-half-filled-imported-zh");
        await page.Locator("#shipment-filter .filter-chip").Filter(new() { HasText = "已发货" }).ClickAsync();
        await Expect(page.Locator("#shipment-filter .filter-chip-active")).ToContainTextAsync("已发货");
        await Expect(page.Locator("#supplier-shipments")).ToContainTextAsync("SF71000001");
        await page.ScreenshotAsync("131-supplier-sent-filter-zh");

        // In English, the next ten of the same list: the rest still skipped, the words in English.
        var english = await app.NewPageAsync("en");
        await english.SignInAsync(supplier.Email, supplier.Password);
        await english.GotoAsync("/supplier/shipments");
        await english.WaitForBlazorAsync();
        var more = Filled(packing, number, 60).Replace("SF 7100 ", "SF 7200 ", StringComparison.Ordinal);
        var rest = string.Join("\r\n", more.Split("\r\n").Where((l, i) => i == 0 || i > 50));
        await UploadAsync(english, "packing-more.csv", rest);
        await Expect(english.Locator("#tracking-done")).ToContainTextAsync("10 imported");
        await Expect(english.Locator("#tracking-done")).ToContainTextAsync("140 skipped");
        await english.ScreenshotAsync("132-supplier-import-skipped-en");

        var phone = await app.NewPageAsync(phone: true);
        await phone.SignInAsync(supplier.Email, supplier.Password);
        await phone.GotoAsync("/supplier/shipments");
        await phone.WaitForBlazorAsync();
        await phone.AssertAccessibleAsync("supplier shipments at 390 px");
        await phone.ScreenshotAsync("133-supplier-shipments-phone-zh");

        // The rest sent through the API with the contract's English header, so the demo supplier's parcels still to
        // send are other journeys' own again.
        var rest140 = new StringBuilder("shipment_id,carrier,tracking_no\n");
        foreach (var line in packing.Split("\r\n").Where(l => l.Contains(number, StringComparison.Ordinal)).Skip(60))
        {
            rest140.Append(line.Split(',')[0]).Append(",EMS,EMS9").Append(line.Split(',')[0].PadLeft(9, '0')).Append('\n');
        }
        var api = await ApiAsync(app, Roles.Supplier);
        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(rest140.ToString())), "file", "rest.csv" } };
        var sent = await api.PostAsync("/api/v1/supplier/shipments/tracking", form);
        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
        Assert.Equal(140, (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows").GetInt32());
    }
}
