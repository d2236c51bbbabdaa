using System.Text;
using Microsoft.Playwright;
using Procurement.Core.Users;
using Procurement.Infrastructure.Seeding;
using SkiaSharp;
using static Microsoft.Playwright.Assertions;

namespace Procurement.EndToEndTests;

/// <summary>
/// The supplier portal end to end: a supplier lists a product with two SKUs, tier prices and a photo and submits it;
/// an admin approves it; a buyer finds it in search; a stock import with one bad row shows that row.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SupplierJourneyTests(AppServer app)
{
    private static DemoLogin Login(string role) => DemoSeeder.Logins.Single(l => l.Role == role);

    /// <summary>Mud inputs take their value on change: type, then leave the field.</summary>
    private static async Task TypeAsync(ILocator field, string text)
    {
        // An id lands on the input itself; a class on the field's wrapper.
        var tag = await field.EvaluateAsync<string>("e => e.tagName");
        var input = tag is "INPUT" or "TEXTAREA" ? field : field.Locator("input, textarea").First;
        await input.FillAsync(text);
        await input.PressAsync("Tab");
    }

    /// <summary>Types a description the way a supplier would, using the toolbar: a heading, a paragraph with a bold link, a list.</summary>
    private static async Task WriteDescriptionAsync(IPage page)
    {
        async Task Tool(string command) => await page.ClickAsync($"#product-description button[data-command='{command}']");
        await page.ClickAsync("#product-description-content");
        await page.Keyboard.TypeAsync("产品特点");
        await Tool("heading");
        await page.Keyboard.PressAsync("End");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.TypeAsync("洮河谷地种植，紫皮辛辣，耐储存。产地认证");
        await page.Keyboard.PressAsync("Shift+ArrowLeft");
        await page.Keyboard.PressAsync("Shift+ArrowLeft");
        await page.Keyboard.PressAsync("Shift+ArrowLeft");
        await page.Keyboard.PressAsync("Shift+ArrowLeft");
        await Tool("bold");
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync("https://www.gsxf.example.cn/cert");
        await Tool("link");
        // The prompt is answered asynchronously: keys pressed before the link exists would replace the selected text.
        await Expect(page.Locator("#product-description-content a")).ToHaveTextAsync("产地认证");
        await page.Keyboard.PressAsync("End");
        await page.Keyboard.PressAsync("Enter");
        await Tool("bullets");
        await page.Keyboard.TypeAsync("5 斤装适合家庭");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.TypeAsync("10 斤箱装适合食堂");
    }

    private static byte[] Photo()
    {
        using var bitmap = new SKBitmap(800, 600);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(0x7B, 0x2D, 0x8E));
            using var paint = new SKPaint { Color = new SKColor(0xF2, 0xE6, 0xF5), IsAntialias = true };
            canvas.DrawCircle(400, 300, 220, paint);
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    [Fact]
    public async Task A_supplier_lists_a_product_an_admin_approves_it_and_buyers_find_it()
    {
        var supplier = Login(Roles.Supplier);
        var page = await app.NewPageAsync();
        await page.SignInAsync(supplier.Email, supplier.Password);

        await page.GotoAsync("/supplier/products/new");
        await page.WaitForBlazorAsync();
        await TypeAsync(page.Locator("#product-name"), "临洮紫皮洋葱");
        await page.SelectMudAsync("分类", "果蔬生鲜");
        await page.SelectMudAsync("市（州）", "定西市");
        await page.SelectMudAsync("区县", "临洮县");
        await WriteDescriptionAsync(page);
        await page.ClickAsync("#product-has-certificate");
        await TypeAsync(page.Locator("#certificate-number"), "GS-XF-2026-0456");
        await TypeAsync(page.Locator("#certificate-issuer"), "甘肃省消费帮扶产品认定中心");

        var first = page.Locator(".sku-row").Nth(0);
        await TypeAsync(first.Locator(".sku-code"), "LT-YC-5");
        await TypeAsync(first.Locator(".sku-spec"), "5斤装");
        await TypeAsync(first.Locator(".sku-price"), "19.9");
        await TypeAsync(first.Locator(".sku-stock"), "300");
        await first.Locator(".tier-add").ClickAsync();
        await TypeAsync(first.Locator(".tier-quantity"), "50");
        await TypeAsync(first.Locator(".tier-price"), "17.5");

        await page.ClickAsync("#sku-add");
        await Expect(page.Locator(".sku-row")).ToHaveCountAsync(2);
        var second = page.Locator(".sku-row").Nth(1);
        await TypeAsync(second.Locator(".sku-code"), "LT-YC-10");
        await TypeAsync(second.Locator(".sku-spec"), "10斤箱装");
        await TypeAsync(second.Locator(".sku-price"), "36");
        await TypeAsync(second.Locator(".sku-stock"), "120");
        await page.ScreenshotAsync("16-product-form-zh");

        await page.ClickAsync("#product-save");
        await page.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(url, "/supplier/products/[0-9a-f-]{36}$"));
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("#product-status")).ToContainTextAsync("草稿");

        await page.Locator("input[type=file]").First.SetInputFilesAsync(new FilePayload { Name = "洋葱.jpg", MimeType = "image/jpeg", Buffer = Photo() });
        await Expect(page.Locator(".product-photo img")).ToHaveCountAsync(1);
        await page.ClickAsync("#product-submit");
        await Expect(page.Locator("#product-status")).ToContainTextAsync("待审核");
        await page.ScreenshotAsync("17-product-submitted-zh");

        var admin = Login(Roles.Admin);
        var review = await app.NewPageAsync();
        await review.SignInAsync(admin.Email, admin.Password);
        await review.GotoAsync("/admin/reviews");
        await review.WaitForBlazorAsync();
        var item = review.Locator(".review-item[data-product='临洮紫皮洋葱']");
        await Expect(item).ToContainTextAsync("LT-YC-5");
        await Expect(item).ToContainTextAsync("≥50 ¥17.50");
        await Expect(item).ToContainTextAsync("# 产品特点");
        await Expect(item).ToContainTextAsync("洮河谷地种植，紫皮辛辣，耐储存。**产地认证");
        await Expect(item).ToContainTextAsync("(https://www.gsxf.example.cn/cert)");
        await Expect(item).ToContainTextAsync("• 10 斤箱装适合食堂");
        await review.ScreenshotAsync("18-review-queue-zh");
        // The admin can open the supplier's listing to correct it, and comes back to the queue.
        await item.Locator(".review-edit").ClickAsync();
        await review.WaitForBlazorAsync();
        await Expect(review.Locator("#product-name")).ToHaveValueAsync("临洮紫皮洋葱");
        await Expect(review.Locator("#product-description-content h3")).ToHaveTextAsync("产品特点");
        await review.GoBackAsync();
        await review.WaitForBlazorAsync();
        await item.Locator(".review-approve").ClickAsync();
        await Expect(review.Locator(".review-item[data-product='临洮紫皮洋葱']")).ToHaveCountAsync(0);

        var buyer = await app.NewPageAsync();
        await buyer.GotoAsync("/search?q=" + Uri.EscapeDataString("紫皮洋葱"));
        await Expect(buyer.GetByText("临洮紫皮洋葱").First).ToBeVisibleAsync();
        await Expect(buyer.Locator("[style*='/media/']").First).ToBeVisibleAsync();
        await buyer.ScreenshotAsync("19-search-finds-new-product-zh");
        await buyer.GetByText("临洮紫皮洋葱").First.ClickAsync();
        var description = buyer.Locator(".product-description");
        await Expect(description.Locator("h3")).ToHaveTextAsync("产品特点");
        await Expect(description.Locator("a[href='https://www.gsxf.example.cn/cert'][rel*='noopener']")).ToHaveTextAsync("产地认证");
        await Expect(description.Locator("b, strong")).ToHaveTextAsync("产地认证");
        await Expect(description.Locator("li")).ToHaveCountAsync(2);
        await buyer.ScreenshotAsync("26-product-page-rich-description-zh");

        await page.GotoAsync("/supplier");
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("#notices")).ToContainTextAsync("临洮紫皮洋葱");
        await page.AssertAccessibleAsync("supplier dashboard");
        await page.ScreenshotAsync("20-supplier-dashboard-zh");
    }

    [Fact]
    public async Task A_stock_import_with_one_bad_row_shows_that_row_and_changes_nothing()
    {
        var supplier = Login(Roles.Supplier);
        var page = await app.NewPageAsync();
        await page.SignInAsync(supplier.Email, supplier.Password);
        await page.GotoAsync("/supplier/stock-import");
        await page.WaitForBlazorAsync();

        // The template lists the supplier's SKUs: take it, break one row, upload it back.
        var template = await page.APIRequest.GetAsync("/supplier/stock-import/template.csv");
        Assert.True(template.Ok, template.StatusText);
        var lines = Encoding.UTF8.GetString(await template.BodyAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();
        var code = lines[1].Split(',')[0];
        lines[1] = $"{code},12.5,";
        await page.Locator("input[type=file]").First.SetInputFilesAsync(new FilePayload
        {
            Name = "库存.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(string.Join("\r\n", lines)),
        });

        await Expect(page.Locator("#import-error")).ToContainTextAsync("1 行有误");
        await Expect(page.Locator("#import-errors")).ToContainTextAsync("库存须为整数");
        await Expect(page.Locator("#import-errors tbody tr").First).ToContainTextAsync("2");
        await page.ScreenshotAsync("21-stock-import-error-zh");

        lines[1] = $"{code},88,";
        await page.Locator("input[type=file]").First.SetInputFilesAsync(new FilePayload
        {
            Name = "库存.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(string.Join("\r\n", lines)),
        });
        await Expect(page.Locator("#import-done")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_product_form_reads_in_english()
    {
        var supplier = Login(Roles.Supplier);
        var page = await app.NewPageAsync();
        await page.SignInAsync(supplier.Email, supplier.Password);
        await page.GotoAsync("/supplier/products/new");
        await page.WaitForBlazorAsync();
        await page.ClickAsync("#language-switch");
        await Expect(page.GetByText("SKUs, prices and stock")).ToBeVisibleAsync();
        await page.WaitForBlazorAsync();
        // Over the 20,000-character limit: about 60 KB reaches the server in one message, and comes back as the field's error.
        await page.ClickAsync("#product-description-content");
        await page.Keyboard.InsertTextAsync(string.Concat(Enumerable.Repeat("岷县当归，", 4020)));
        await page.ClickAsync("#product-save");
        await Expect(page.Locator("#server-errors")).ToBeVisibleAsync();
        await Expect(page.Locator("#product-description .rich-text__help")).ToContainTextAsync("20000");
        await page.ScreenshotAsync("22-product-form-errors-en");
    }

    [Theory]
    [InlineData("/supplier", "23-supplier-dashboard-phone-zh")]
    [InlineData("/supplier/products/new", "24-product-form-phone-zh")]
    [InlineData("/supplier/stock-import", "25-stock-import-phone-zh")]
    public async Task Portal_pages_fit_a_phone(string path, string screenshot)
    {
        var supplier = Login(Roles.Supplier);
        var page = await app.NewPageAsync(phone: true);
        await page.SignInAsync(supplier.Email, supplier.Password);
        await page.GotoAsync(path);
        await page.WaitForBlazorAsync();

        // Nothing wider than the screen: no sideways scrolling on a phone.
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        await page.ScreenshotAsync(screenshot);
        Assert.True(overflow <= 0, $"{path} is {overflow}px wider than the phone");
    }

    [Fact]
    public async Task A_products_skus_stack_under_their_column_names_on_a_phone()
    {
        var supplier = Login(Roles.Supplier);
        var page = await app.NewPageAsync(phone: true);
        await page.SignInAsync(supplier.Email, supplier.Password);
        await page.GotoAsync("/supplier/products");
        await page.WaitForBlazorAsync();
        await page.Locator(".mud-table-body tr.mud-table-row").First.Locator("button").First.ClickAsync();
        var skus = page.Locator(".sku-stock-table").First;
        await Expect(skus).ToBeVisibleAsync();

        // Each SKU's values stand under their column's name, and the block fits the screen: no sideways scrolling.
        var label = await skus.Locator("td[data-label]").First.EvaluateAsync<string>("td => getComputedStyle(td, '::before').content");
        Assert.Contains("规格编码", label);
        var wider = await skus.EvaluateAsync<int>("t => t.getBoundingClientRect().right - window.innerWidth");
        await page.AssertAccessibleAsync("my products with a product's SKUs open, phone");
        await page.ScreenshotAsync("153-my-products-skus-phone-zh");
        Assert.True(wider <= 0, $"the SKU table reaches {wider}px past the phone's edge");
    }
}
