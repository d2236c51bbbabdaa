using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Procurement.Core.Common;
using Procurement.Core.Unions;
using Procurement.Core.Users;
using Procurement.Infrastructure.Users;
using static Microsoft.Playwright.Assertions;

namespace Procurement.EndToEndTests;

/// <summary>
/// Issue #21's "done when": the 3,000-member 中秋 order, from a spreadsheet LibreOffice made (mobiles as numeric
/// cells), with a line short of stock found and fixed in the builder, reaching Approved in under two minutes of
/// machine time. The fixture Fixtures/recipients-3000-libreoffice.xlsx was made from a generated CSV of the
/// recipients template's columns with <c>soffice --headless --convert-to xlsx</c> (LibreOffice 7.4); its mobile
/// column holds numbers, not text. The journey uses a union of its own, so the demo union's figures stay the other
/// journeys' to assert.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PurchaserJourneyTests(AppServer app, Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Password = "Zhongqiu2026pass";
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "recipients-3000-libreoffice.xlsx");

    [Fact]
    public async Task A_purchaser_orders_3000_mid_autumn_packages_fixing_a_short_line_in_the_builder_and_it_is_approved_within_two_minutes()
    {
        var (purchaser, approver) = await UnionAsync();
        var clock = Stopwatch.StartNew();
        var page = await app.NewPageAsync();
        await page.SignInAsync(purchaser, Password);

        await AddTileAsync(page, "兰州百合", "兰州百合 鲜百合", "已加入采购清单");
        await AddTileAsync(page, "静宁苹果", "静宁苹果", "已加入采购清单");
        await AddTileAsync(page, "成县核桃仁", "成县核桃仁", "已加入采购清单");
        // The same product again doubles nothing: the purchaser is told, and offered the builder to change the quantity.
        await AddTileAsync(page, "兰州百合", "兰州百合 鲜百合", "已在采购清单中");
        await Expect(page.Locator("#purchase-list-count")).ToHaveTextAsync("3");

        await page.GotoAsync("/orders/new");
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("#package-lines tbody tr")).ToHaveCountAsync(3);
        await page.FillAsync("#packages", "3000");
        await page.Locator("#packages").PressAsync("Tab");
        // No 兰州百合 SKU has 3,000: the builder says so while building, with the largest count that fits and in-stock alternatives.
        var shortages = page.Locator("#stock-shortages .stock-shortage");
        await Expect(shortages).ToHaveCountAsync(1);
        await Expect(shortages.First).ToContainTextAsync("兰州百合");
        await Expect(shortages.First.Locator(".stock-alternative").First).ToBeVisibleAsync();
        await Expect(page.Locator("#parcels-explained")).ToContainTextAsync("3,000 份 × 3 家供应商 = 最多 9,000 个包裹");
        clock.Stop();
        await page.ScreenshotAsync("100-builder-shortage-zh");
        await BuilderScreenshotsAsync(purchaser);
        clock.Start();

        var alternative = (await shortages.First.Locator(".stock-alternative").First.GetAttributeAsync("data-sku"))!;
        await shortages.First.Locator(".use-alternative").First.ClickAsync();
        await Expect(page.Locator("#stock-ok")).ToBeVisibleAsync();
        await Expect(page.Locator("#package-lines")).ToContainTextAsync(alternative);
        await Expect(page.Locator("#package-lines")).Not.ToContainTextAsync("兰州百合");
        await Expect(page.Locator("#parcels-explained")).ToContainTextAsync("9,000");
        clock.Stop();
        await page.ScreenshotAsync("101-builder-fixed-zh");
        clock.Start();

        await page.ClickAsync("#create-order");
        await page.WaitForURLAsync(new Regex("/orders/[0-9a-f-]{36}"));
        await page.WaitForBlazorAsync();
        var orderPath = new Uri(page.Url).AbsolutePath;
        await page.Locator("input[type=file]").First.SetInputFilesAsync(Fixture);
        await Expect(page.Locator("#preview-recipients")).ToHaveTextAsync("3,000", new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 });
        await page.ClickAsync("#recipients-save");
        await Expect(page.Locator("#recipient-summary")).ToContainTextAsync("3000 人", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
        // The 3,000-recipient draft: its lines are in stock now (the builder's fix), and the page passes the axe check.
        await Expect(page.Locator("#stock-ok")).ToContainTextAsync("3,000");
        clock.Stop();
        await page.AssertAccessibleAsync("3,000-recipient draft");
        clock.Start();
        await page.ClickAsync("#submit-order");
        await Expect(page.Locator(".order-status").First).ToContainTextAsync("待审批", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });

        var review = await app.NewPageAsync();
        await review.SignInAsync(approver, Password);
        await review.GotoAsync(orderPath);
        await review.WaitForBlazorAsync();
        await review.ClickAsync("#approve-order");
        await review.ClickAsync("#confirm-ok"); // the confirmation says the amount
        await Expect(review.Locator(".order-status").First).ToContainTextAsync("已审批", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
        clock.Stop();
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"The journey took {clock.Elapsed.TotalSeconds:0.0} s of machine time.");
        output.WriteLine($"Purchaser journey (3,000 recipients): {clock.Elapsed.TotalSeconds:0.0} s of machine time to Approved (screenshots excluded)");
    }

    /// <summary>The builder with the shortage in English and on a phone (390 px), the same purchaser's list.</summary>
    private async Task BuilderScreenshotsAsync(string purchaser)
    {
        foreach (var (locale, phone, name, parcels) in new[]
        {
            ("en", false, "102-builder-shortage-en", "3,000 packages × 3 suppliers = up to 9,000 parcels"),
            ("zh-CN", true, "103-builder-shortage-phone-zh", "9,000 个包裹"),
        })
        {
            var other = await app.NewPageAsync(locale: locale, phone: phone);
            await other.SignInAsync(purchaser, Password);
            await other.GotoAsync("/orders/new");
            await other.WaitForBlazorAsync();
            await other.FillAsync("#packages", "3000");
            await other.Locator("#packages").PressAsync("Tab");
            await Expect(other.Locator("#stock-shortages .stock-shortage")).ToHaveCountAsync(1);
            await Expect(other.Locator("#parcels-explained")).ToContainTextAsync(parcels);
            await other.AssertAccessibleAsync($"package builder with a short line ({locale}{(phone ? ", 390 px" : "")})");
            await other.ScreenshotAsync(name);
            await other.Context.CloseAsync();
        }
    }

    private static async Task AddTileAsync(IPage page, string query, string product, string told)
    {
        await page.GotoAsync("/search?q=" + Uri.EscapeDataString(query));
        await page.WaitForBlazorAsync();
        var tile = page.Locator("#results .product-tile").Filter(new LocatorFilterOptions
        {
            Has = page.Locator(".product-name", new PageLocatorOptions { HasTextRegex = new Regex($"^\\s*{Regex.Escape(product)}\\s*$") }),
        });
        await tile.Locator(".tile-add").ClickAsync();
        await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync(told);
    }

    /// <summary>A union of its own (budget for 3,000 packages, approval above ¥50,000) with a purchaser and an approver.</summary>
    private Task<(string Purchaser, string Approver)> UnionAsync() =>
        app.CreateAsync(new OwnUnion.Terms("南京鼓楼中秋测试工会", "320000", "81320106", 3_000, 50_000m, 2_000_000m,
            "test.example.cn", "中秋采购员", "中秋审批人"), Password);
}
