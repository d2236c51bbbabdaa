using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Fulfilment;
using Procurement.Core.Settlement;
using Procurement.Core.Users;
using Procurement.Infrastructure.Persistence;
using Procurement.Infrastructure.Seeding;
using Procurement.Infrastructure.Users;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Procurement.EndToEndTests;

/// <summary>
/// Finance's pages read plainly (issue #21): finance lands on its own page, the chosen filter is filled with a check,
/// negative amounts read −¥, each resolution says what it means where it is chosen, the download speaks Chinese and
/// names who resolved, and the settlement page opens on the latest month with data.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FinancePlainJourneyTests(AppServer app, ITestOutputHelper output)
{
    [Fact]
    public async Task Finance_reads_a_reconciliation_run_and_a_settlement_month_plainly()
    {
        var finance = DemoSeeder.Logins.Single(l => l.Role == Roles.Finance);
        var page = await app.NewPageAsync();
        var (landed, interactive) = await SupplierRoundTripJourneyTests.SignInTimedAsync(page, finance);
        output.WriteLine($"finance sign-in: landed {landed:0} ms, interactive {interactive:0} ms; {SupplierRoundTripJourneyTests.Timings}");
        Assert.Equal("/finance/payments", new Uri(page.Url).AbsolutePath);
        await page.AssertAccessibleAsync("finance payments");
        await page.ScreenshotAsync("134-finance-landing-payments-zh");

        // The demo's JSGH run (two days back): two parcels missing on the partner's side read as negative amounts.
        var api = await SupplierRoundTripJourneyTests.ApiAsync(app, Roles.Finance);
        var runs = await api.GetFromJsonAsync<JsonElement>("/api/v1/finance/reconciliation/runs?partnerCode=JSGH");
        var list = runs.ValueKind == JsonValueKind.Array ? runs : runs.GetProperty("items");
        var runId = list.EnumerateArray().First(r => r.GetProperty("status").GetString() == "Succeeded" && r.GetProperty("current").GetBoolean()).GetProperty("id").GetInt64();
        await page.GotoAsync($"/finance/reconciliation/runs/{runId}");
        await page.WaitForBlazorAsync();
        var chips = page.Locator("#item-categories");
        await Expect(chips.Locator(".filter-chip-active")).ToHaveCountAsync(1);
        await Expect(chips.Locator(".filter-chip-active")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-chip-filled"));
        await Expect(chips.Locator(".filter-chip-active svg")).ToHaveCountAsync(1);
        await Expect(page.Locator("#run-items")).ToContainTextAsync("\u2212¥");
        await chips.Locator(".filter-chip").Filter(new() { HasText = "平台缺失" }).ClickAsync();
        await Expect(chips.Locator(".filter-chip-active")).ToContainTextAsync("平台缺失");
        await Expect(chips.Locator(".filter-chip").Filter(new() { HasText = "全部" })).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-chip-outlined"));

        // What a resolution means is said where it is chosen.
        var row = page.Locator("#run-items tbody tr").First;
        await row.Locator(".resolve-open").ClickAsync();
        await Expect(row.Locator(".resolve-choice")).ToContainTextAsync("不改动任何金额");
        await row.Locator(".resolve-choice").ClickAsync();
        await Expect(page.Locator(".mud-popover-open .resolve-meaning")).ToHaveCountAsync(3);
        await page.WaitForTimeoutAsync(400); // the list's opening animation
        await page.ScreenshotAsync("135-finance-resolution-meanings-zh");
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "已忽略" }).First.ClickAsync();
        await row.Locator(".resolve-note input, .resolve-note textarea").First.FillAsync("测试推送，已与江苏工会APP确认");
        await row.Locator(".resolve-save").ClickAsync();
        await Expect(row.Locator(".item-resolution")).ToContainTextAsync("已忽略");

        // The page's download speaks Chinese and says who resolved and when.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-csv"));
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",处理人,处理时间", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("平台缺失,", StringComparison.Ordinal) && l.Contains(",已忽略,测试推送，已与江苏工会APP确认,赵财务,", StringComparison.Ordinal));
        Assert.DoesNotContain(lines.Skip(1), l => l.Contains("missingRemote", StringComparison.Ordinal) || l.Contains(",Open,", StringComparison.Ordinal));

        // The XLSX too, kept beside the screenshots for a second reader (LibreOffice: soffice --convert-to csv).
        var xlsx = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-xlsx"));
        await xlsx.SaveAsAsync(Path.Combine(AppServer.ScreenshotDirectory, "..", "exports", "reconciliation-run-zh.xlsx"));
        await download.SaveAsAsync(Path.Combine(AppServer.ScreenshotDirectory, "..", "exports", "reconciliation-run-zh.csv"));

        var english = await app.NewPageAsync("en");
        await english.SignInAsync(finance.Email, finance.Password);
        await english.GotoAsync($"/finance/reconciliation/runs/{runId}");
        await english.WaitForBlazorAsync();
        await Expect(english.Locator("#run-items")).ToContainTextAsync("\u2212¥");
        await english.AssertAccessibleAsync("reconciliation run");
        await english.ScreenshotAsync("136-finance-run-en");

        // The settlement page opens on the latest month with a delivery, a refund or a settlement.
        int? latest;
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProcurementDbContext>();
            var now = SettlementMonth.Of(DateTimeOffset.UtcNow).Key;
            var delivered = await db.Shipments.IgnoreQueryFilters().Where(s => s.Status == ShipmentStatus.Delivered && s.SettlementMonth <= now).MaxAsync(s => s.SettlementMonth);
            var settled = await db.SupplierSettlements.IgnoreQueryFilters().Where(s => s.Month <= now).MaxAsync(s => (int?)s.Month);
            var refunded = await db.Refunds.IgnoreQueryFilters().Where(r => r.SupplierId != null && r.SettlementMonth <= now).MaxAsync(r => r.SettlementMonth);
            latest = new[] { delivered, settled, refunded }.Max();
        }
        await page.GotoAsync("/finance/settlements");
        await page.WaitForBlazorAsync();
        if (latest is { } key)
        {
            await Expect(page.Locator("#settlement-month")).ToHaveTextAsync(new SettlementMonth(key / 100, key % 100).ToString());
            await Expect(page.Locator("#statements")).ToBeVisibleAsync();
        }
        await page.AssertAccessibleAsync("settlement");
        await page.ScreenshotAsync("137-finance-settlement-latest-zh");
        var phone = await app.NewPageAsync(phone: true);
        await phone.SignInAsync(finance.Email, finance.Password);
        await phone.GotoAsync($"/finance/reconciliation/runs/{runId}");
        await phone.WaitForBlazorAsync();
        await phone.AssertAccessibleAsync("reconciliation run at 390 px");
        await phone.ScreenshotAsync("138-finance-run-phone-zh");
        await phone.GotoAsync("/finance/settlements");
        await phone.WaitForBlazorAsync();
        await phone.AssertAccessibleAsync("settlement at 390 px");
        await phone.ScreenshotAsync("139-finance-settlement-phone-zh");
    }
}
