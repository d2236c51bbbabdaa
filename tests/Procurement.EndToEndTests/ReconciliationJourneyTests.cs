using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiniExcelLibs;
using Procurement.Core.Common;
using Procurement.Core.Partners;
using Procurement.Core.Users;
using Procurement.Infrastructure.Persistence;
using Procurement.Infrastructure.Seeding;
using Procurement.Infrastructure.Users;
using static Microsoft.Playwright.Assertions;

namespace Procurement.EndToEndTests;

/// <summary>Finance reconciles 832平台: uploads yesterday's statement, runs it, resolves a difference, downloads both files.</summary>
[Collection(AppCollection.Name)]
public sealed class ReconciliationJourneyTests(AppServer app)
{
    [Fact]
    public async Task Finance_uploads_a_statement_runs_it_resolves_a_difference_and_downloads_both_exports()
    {
        var yesterday = BusinessDate.Today(TimeProvider.System).AddDays(-1);
        string skuCode;
        await using (var scope = app.Services.CreateSystemScope())
        {
            skuCode = await scope.ServiceProvider.GetRequiredService<ProcurementDbContext>().Skus.Select(s => s.Code).OrderBy(c => c).FirstAsync();
        }
        using var partner = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        foreach (var (number, paid) in new[] { ("E2E1001", 128m), ("E2E1002", 80m), ("E2E1003", 66m) })
        {
            var body = JsonSerializer.Serialize(new
            {
                partnerOrderNo = number, placedAt = BusinessDate.StartOf(yesterday).AddHours(10), buyerName = "南京市总工会",
                lines = new[] { new { skuCode, quantity = 1, unitPrice = paid } },
                recipient = new { name = "王芳", phone = "13900000000", province = "江苏省", city = "南京市", district = "玄武区", address = "中山路 1 号" },
                paidAmount = paid, status = "Completed",
            });
            var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/partners/P832/orders") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Partner-Timestamp", ts);
            request.Headers.Add("X-Partner-Signature", PartnerSignature.Sign(AppServer.PartnerSecret, ts, Encoding.UTF8.GetBytes(body)));
            Assert.True((await partner.SendAsync(request)).IsSuccessStatusCode);
        }
        var day = yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // 1001 matches, 1002 is 5 yuan more on their side, 1003 is not in it, and a row starting with "=" is theirs only.
        var statement = string.Join("\r\n",
            "订单编号,下单时间,采购单位,商品金额,运费,实付金额,平台服务费,订单状态,结算日期",
            $"E2E1001,{day} 10:00:00,南京市总工会,128.00,0.00,128.00,3.84,已完成,{day}",
            $"E2E1002,{day} 10:00:00,南京市总工会,85.00,0.00,85.00,2.55,已完成,{day}",
            $"=E2E9(1),{day} 11:00:00,南京市总工会,20.00,0.00,20.00,0.60,已完成,{day}") + "\r\n";
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

        var finance = DemoSeeder.Logins.Single(l => l.Role == Roles.Finance);
        var page = await app.NewPageAsync();
        await page.SignInAsync(finance.Email, finance.Password);
        await page.GotoAsync("/finance/reconciliation");
        await page.WaitForBlazorAsync();
        // The file input answers once Blazor's InputFile script has bound it, a moment after the circuit is up: set the
        // file again if nothing came of the first try.
        var outcome = page.Locator("#statement-stored, #statement-error");
        for (var attempt = 0; attempt < 4 && await outcome.CountAsync() == 0; attempt++)
        {
            await page.Locator("#recon-upload input[type=file]").SetInputFilesAsync(new FilePayload
            {
                Name = $"832对账单-{day}.csv", MimeType = "text/csv", Buffer = Encoding.GetEncoding("GB18030").GetBytes(statement),
            });
            try
            {
                await outcome.WaitForAsync(new LocatorWaitForOptions { Timeout = 5_000 });
            }
            catch (TimeoutException)
            {
            }
        }
        Assert.Equal("", await page.Locator("#statement-error").CountAsync() > 0 ? await page.Locator("#recon-upload").InnerTextAsync() : "");
        await Expect(page.Locator("#statement-stored")).ToContainTextAsync("3 行");
        await page.ScreenshotAsync("70-reconciliation-upload-zh");

        await page.ClickAsync("#recon-run");
        await page.WaitForURLAsync(url => url.Contains("/finance/reconciliation/runs/", StringComparison.Ordinal));
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("#summary-matched")).ToContainTextAsync("1", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
        await Expect(page.Locator("#summary-amountMismatch")).ToContainTextAsync("1");
        await Expect(page.Locator("#summary-missingLocal")).ToContainTextAsync("1");
        await Expect(page.Locator("#summary-missingRemote")).ToContainTextAsync("1");
        await Expect(page.Locator("#total-net")).ToContainTextAsync("\u2212¥41.00");
        await page.ScreenshotAsync("71-reconciliation-run-zh");

        var row = page.Locator("#run-items tbody tr").Filter(new LocatorFilterOptions { HasText = "E2E1002" });
        await row.Locator(".resolve-open").ClickAsync();
        await page.SelectMudAsync("处理", "已调账");
        await row.Locator(".resolve-note input, .resolve-note textarea").First.FillAsync("运费差价已与 832 平台确认");
        await row.Locator(".resolve-save").ClickAsync();
        await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("已调账");
        await Expect(row.Locator(".item-resolution")).ToContainTextAsync("运费差价已与 832 平台确认");
        await page.ScreenshotAsync("72-reconciliation-resolved-zh");

        var csvDownload = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-csv"));
        var csv = await File.ReadAllBytesAsync((await csvDownload.PathAsync())!);
        Assert.Equal([0xEF, 0xBB, 0xBF], csv[..3]);
        var lines = Encoding.UTF8.GetString(csv, 3, csv.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        // The page's download is read by people (issue #21): categories, states and resolutions in Chinese, then who
        // resolved and when; the API's export keeps the codes.
        Assert.Equal("分类,合作平台订单号,本地订单号,本地金额,平台金额,差额,本地状态,平台状态,处理状态,备注,处理人,处理时间", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("本地缺失,'=E2E9(1),", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("金额不符,E2E1002,", StringComparison.Ordinal) && l.Contains(",已调账,运费差价已与 832 平台确认,赵财务,", StringComparison.Ordinal));
        var xlsxDownload = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-xlsx"));
        await using (var xlsx = File.OpenRead((await xlsxDownload.PathAsync())!))
        {
            var rows = xlsx.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal(4, rows.Count);
            Assert.Contains(rows, r => (string?)r["合作平台订单号"] == "'=E2E9(1)");
            Assert.Equal(5d, Convert.ToDouble(rows.Single(r => (string?)r["分类"] == "金额不符")["差额"], CultureInfo.InvariantCulture));
        }

        var runPath = new Uri(page.Url).AbsolutePath;
        var english = await app.NewPageAsync("en");
        await english.SignInAsync(finance.Email, finance.Password);
        await english.GotoAsync(runPath);
        await english.WaitForBlazorAsync();
        await Expect(english.Locator("#summary-amountMismatch")).ToContainTextAsync("Amount mismatch");
        await english.ScreenshotAsync("73-reconciliation-run-en");
        await english.GotoAsync("/finance/reconciliation");
        await english.WaitForBlazorAsync();
        await Expect(english.Locator("#recon-runs")).ToContainTextAsync("Succeeded");
        await english.ScreenshotAsync("74-reconciliation-history-en");

        var phone = await app.NewPageAsync(phone: true);
        await phone.SignInAsync(finance.Email, finance.Password);
        await phone.GotoAsync(runPath);
        await phone.WaitForBlazorAsync();
        await Expect(phone.Locator("#summary-duplicate")).ToBeVisibleAsync();
        await phone.ScreenshotAsync("75-reconciliation-run-phone-zh");

        // The jobs dashboard lists running reconciliations with their counts; none is running now.
        var admin = DemoSeeder.Logins.Single(l => l.Role == Roles.Admin);
        var jobs = await app.NewPageAsync();
        await jobs.SignInAsync(admin.Email, admin.Password);
        await jobs.GotoAsync("/jobs/reconciliation");
        await Expect(jobs.Locator("#no-runs")).ToBeVisibleAsync();
    }
}
