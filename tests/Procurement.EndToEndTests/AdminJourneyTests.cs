using Microsoft.Playwright;
using Procurement.Infrastructure.Seeding;
using static Microsoft.Playwright.Assertions;

namespace Procurement.EndToEndTests;

[Collection(AppCollection.Name)]
public sealed class AdminJourneyTests(AppServer app)
{
    private static readonly DemoLogin _admin = DemoSeeder.Logins[0];

    [Fact]
    public async Task Visitors_see_the_chinese_storefront_with_featured_products()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page.GetByText("热销特产")).ToBeVisibleAsync();
        await Expect(page.Locator(".product-tile").First).ToBeVisibleAsync();
        Assert.True(await page.Locator(".product-tile").CountAsync() >= 8);
        await page.ScreenshotAsync("01-storefront-zh");
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_a_visible_message()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.ScreenshotAsync("02-login-zh");
        await page.FillAsync("#email", _admin.Email);
        await page.FillAsync("#password", "wrong-password");
        await page.ClickAsync("#login-submit");
        await Expect(page.Locator("#login-error")).ToContainTextAsync("邮箱或密码错误");
    }

    [Fact]
    public async Task Admin_signs_in_and_onboards_a_supplier()
    {
        var page = await app.NewPageAsync();
        await page.SignInAsync(_admin.Email, _admin.Password);
        await page.WaitForBlazorAsync();
        await Expect(page.GetByText("供应商管理")).ToBeVisibleAsync();

        await page.GotoAsync("/admin/suppliers/new");
        await page.WaitForBlazorAsync();
        await page.FillAsync("#supplier-name", "通渭县杂粮测试专业合作社");
        await page.FillAsync("#supplier-uscc", "91350100M000100Y44");
        await page.Locator("#supplier-uscc").BlurAsync();
        await page.ClickAsync("#supplier-save");
        await Expect(page.GetByText("统一社会信用代码无效").First).ToBeVisibleAsync();
        await page.ScreenshotAsync("03-supplier-form-invalid-zh");

        await page.FillAsync("#supplier-uscc", "91350100M000100Y43");
        await page.SelectMudAsync("市（州）", "定西市");
        await page.SelectMudAsync("区县", "通渭县");
        await page.FillAsync("#supplier-contact", "常海燕");
        await page.FillAsync("#supplier-phone", "13909320044");
        await page.ClickAsync("#supplier-save");

        await page.WaitForURLAsync(url => url.EndsWith("/admin/suppliers", StringComparison.Ordinal));
        await page.FillAsync("#supplier-search", "杂粮测试");
        await page.Locator("#supplier-search").PressAsync("Enter");
        await Expect(page.GetByText("通渭县杂粮测试专业合作社")).ToBeVisibleAsync();
        await Expect(page.GetByText("定西市 · 通渭县")).ToBeVisibleAsync();
        await page.ScreenshotAsync("04-suppliers-list-zh");
    }

    [Fact]
    public async Task The_language_switch_turns_the_ui_english()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await page.WaitForBlazorAsync();
        await page.ClickAsync("#language-switch");
        await Expect(page.GetByText("Best sellers")).ToBeVisibleAsync();
        await Expect(page.GetByText("Festival welfare")).ToBeVisibleAsync();
        await page.ScreenshotAsync("05-storefront-en");
    }
}
