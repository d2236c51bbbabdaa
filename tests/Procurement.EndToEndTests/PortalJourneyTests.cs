using Microsoft.Playwright;
using Procurement.Core.Users;
using Procurement.Infrastructure.Seeding;
using static Microsoft.Playwright.Assertions;

namespace Procurement.EndToEndTests;

[Collection(AppCollection.Name)]
public sealed class PortalJourneyTests(AppServer app)
{
    private static DemoLogin Login(string role) => DemoSeeder.Logins.Single(l => l.Role == role);

    [Fact]
    public async Task Admin_registers_a_union_with_a_budget_and_a_purchaser_for_it()
    {
        var admin = Login(Roles.Admin);
        var page = await app.NewPageAsync();
        await page.SignInAsync(admin.Email, admin.Password);

        await page.GotoAsync("/admin/unions/new");
        await page.WaitForBlazorAsync();
        await page.FillAsync("#union-name", "无锡测试科技有限公司工会");
        await page.FillAsync("#union-uscc", "91330000MA27U00K96");
        await page.SelectMudAsync("上级工会", "江苏省总工会");
        await page.FillAsync("#union-members", "860");
        await page.FillAsync("#union-cap", "1500");
        await page.ScreenshotAsync("06-union-form-zh");
        await page.ClickAsync("#union-save");
        await page.WaitForURLAsync(url => url.EndsWith("/admin/unions", StringComparison.Ordinal));
        await Expect(page.GetByText("无锡测试科技有限公司工会")).ToBeVisibleAsync();
        await page.ScreenshotAsync("07-unions-list-zh");

        await page.GotoAsync("/admin/users/new");
        await page.WaitForBlazorAsync();
        await page.FillAsync("#user-email", "buyer@wuxi-test.example.cn");
        await page.FillAsync("#user-password", "Wuxi2026pass");
        await page.FillAsync("#user-display-name", "周采购");
        await page.SelectMudAsync("所属工会", "无锡测试科技有限公司工会");
        await page.ClickAsync("#user-save");
        await page.WaitForURLAsync(url => url.EndsWith("/admin/users", StringComparison.Ordinal));
        await Expect(page.GetByText("buyer@wuxi-test.example.cn")).ToBeVisibleAsync();
        await page.ScreenshotAsync("08-users-list-zh");

        var buyer = await app.NewPageAsync();
        await buyer.SignInAsync("buyer@wuxi-test.example.cn", "Wuxi2026pass");
        await buyer.GotoAsync("/union");
        await buyer.WaitForBlazorAsync();
        await Expect(buyer.Locator("#my-union")).ToContainTextAsync("无锡测试科技有限公司工会");
        await Expect(buyer.Locator("#my-union")).ToContainTextAsync("1,500.00");
    }

    [Fact]
    public async Task A_supplier_sees_only_its_own_products()
    {
        var supplier = Login(Roles.Supplier);
        var page = await app.NewPageAsync();
        await page.SignInAsync(supplier.Email, supplier.Password);
        await page.GotoAsync("/supplier/products");
        await page.WaitForBlazorAsync();
        await Expect(page.GetByText("兰州百合 鲜百合").First).ToBeVisibleAsync();
        await Expect(page.GetByText("岷县当归")).ToHaveCountAsync(0);
        await page.ScreenshotAsync("09-supplier-products-zh");
    }

    [Fact]
    public async Task A_purchaser_is_kept_out_of_admin_pages()
    {
        var purchaser = Login(Roles.Purchaser);
        var page = await app.NewPageAsync();
        await page.SignInAsync(purchaser.Email, purchaser.Password);
        await page.GotoAsync("/admin/suppliers");
        await Expect(page.GetByText("无权访问")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Admin_pages_read_in_english_after_the_switch()
    {
        var admin = Login(Roles.Admin);
        var page = await app.NewPageAsync();
        await page.SignInAsync(admin.Email, admin.Password);
        await page.GotoAsync("/admin/suppliers");
        await page.WaitForBlazorAsync();
        await page.ClickAsync("#language-switch");
        await Expect(page.GetByText("New supplier")).ToBeVisibleAsync();
        await Expect(page.GetByText("Rows per page")).ToBeVisibleAsync();
        await page.ScreenshotAsync("10-suppliers-list-en");
    }
}
