using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Procurement.Core.Users;
using Procurement.Infrastructure.Seeding;
using static Microsoft.Playwright.Assertions;

namespace Procurement.EndToEndTests;

/// <summary>The union's whole job: search, build a package of three products, upload recipients, submit; approve; see the spend.</summary>
[Collection(AppCollection.Name)]
public sealed partial class OrderingJourneyTests(AppServer app)
{
    private static DemoLogin Login(string role) => DemoSeeder.Logins.Single(l => l.Role == role);

    private static byte[] Recipients(int count, int? badRow = null)
    {
        var csv = new StringBuilder("姓名,手机号,省,市,区县,详细地址,份数\n");
        for (var i = 0; i < count; i++)
        {
            // Data rows start at row 2 of the file.
            var mobile = i + 2 == badRow ? "1380013800" : $"1390000{i:D4}";
            var (province, city, district) = (i % 3) switch { 0 => ("江苏省", "南京市", "鼓楼区"), 1 => ("江苏", "苏州", "姑苏区"), _ => ("浙江省", "杭州市", "西湖区") };
            csv.Append($"职工{i + 1},{mobile},{province},{city},{district},幸福路{i + 1}号,1\n");
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static async Task AddFirstTileAsync(IPage page, string query)
    {
        await page.GotoAsync("/search?q=" + Uri.EscapeDataString(query));
        await page.WaitForBlazorAsync();
        await page.Locator("#results .product-tile .tile-add").First.ClickAsync();
        await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("已加入采购清单");
    }

    [Fact]
    public async Task A_purchaser_builds_a_package_uploads_recipients_and_submits_and_an_approver_approves()
    {
        var purchaser = Login(Roles.Purchaser);
        var page = await app.NewPageAsync();
        await page.SignInAsync(purchaser.Email, purchaser.Password);
        await AddFirstTileAsync(page, "兰州百合");
        await page.ScreenshotAsync("50-search-add-to-list-zh");
        await AddFirstTileAsync(page, "花牛苹果");
        await AddFirstTileAsync(page, "岷县当归");

        await page.GotoAsync("/orders/new");
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("#package-lines tbody tr")).ToHaveCountAsync(3);
        await page.FillAsync("#packages", "200");
        await page.Locator("#packages").PressAsync("Tab");
        await Expect(page.Locator("#package-lines")).ToContainTextAsync("200");
        var total = await page.Locator("#order-total").InnerTextAsync();
        await page.ScreenshotAsync("51-package-builder-zh");
        await page.ClickAsync("#create-order");
        // Creating writes the draft and clears the list before the page moves: on a loaded machine it took over 15 s.
        await page.WaitForURLAsync(new Regex("/orders/[0-9a-f-]{36}"), new() { Timeout = 30_000 });
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("#order-total")).ToHaveTextAsync(total);
        var number = (await page.Locator("#order-number").InnerTextAsync()).Trim();
        Assert.Matches("^LP\\d{8}-\\d{6}$", number);

        var file = page.Locator("input[type=file]").First;
        await file.SetInputFilesAsync(new FilePayload { Name = "职工名单.csv", MimeType = "text/csv", Buffer = Recipients(200, badRow: 5) });
        await Expect(page.Locator("#recipients-error")).ToContainTextAsync("1 行有误");
        await Expect(page.Locator("#recipients-errors")).ToContainTextAsync("手机号");
        await page.ScreenshotAsync("52-recipients-bad-row-zh");

        await file.SetInputFilesAsync(new FilePayload { Name = "职工名单.csv", MimeType = "text/csv", Buffer = Recipients(200) });
        await Expect(page.Locator("#preview-recipients")).ToHaveTextAsync("200");
        await Expect(page.Locator("#preview-provinces")).ToContainTextAsync("浙江省");
        await page.ScreenshotAsync("53-recipients-preview-zh");
        await page.ClickAsync("#recipients-save");
        await Expect(page.Locator("#recipient-summary")).ToContainTextAsync("200 人");
        await Expect(page.Locator("#recipients-table")).ToContainTextAsync("职工1");
        await page.FillAsync("#recipient-search", "职工150");
        await Expect(page.Locator("#recipient-count")).ToContainTextAsync("共 1 位");

        // A draft is checked against the stock available now (it holds none until approved): these lines are in stock.
        await Expect(page.Locator("#stock-ok")).ToContainTextAsync("200");
        await page.AssertAccessibleAsync("purchaser's draft order with recipients");
        await page.ClickAsync("#submit-order");
        await Expect(page.Locator(".order-status").First).ToContainTextAsync("待审批");
        await Expect(page.Locator("#order-timeline")).ToContainTextAsync("待审批");
        await page.AssertAccessibleAsync("purchaser's order, pending approval");
        await page.ScreenshotAsync("54-order-submitted-zh");

        var approver = Login(Roles.Approver);
        var review = await app.NewPageAsync(locale: "en");
        await review.SignInAsync(approver.Email, approver.Password);
        await review.GotoAsync("/approvals");
        await review.WaitForBlazorAsync();
        var queued = review.Locator(".queue-order").Filter(new LocatorFilterOptions { HasText = number });
        await Expect(queued).ToBeVisibleAsync();
        await review.AssertAccessibleAsync("approver's queue");
        await review.ScreenshotAsync("55-approvals-en");
        await queued.ClickAsync();
        await review.WaitForURLAsync(new Regex("/orders/[0-9a-f-]{36}"));
        await review.WaitForBlazorAsync();
        await review.ClickAsync("#approve-order");
        await review.ClickAsync("#confirm-ok"); // the confirmation says the amount
        await Expect(review.Locator(".order-status").First).ToContainTextAsync("Approved");
        await Expect(review.Locator("#reservation-notice")).ToBeVisibleAsync();
        await review.AssertAccessibleAsync("order approved, seen by the approver");
        await review.ScreenshotAsync("56-order-approved-en");

        // The purchaser pays by bank transfer; finance confirms the receipt; the order is paid.
        var orderPath = new Uri(review.Url).AbsolutePath;
        await page.GotoAsync(orderPath);
        await page.WaitForBlazorAsync();
        await page.ClickAsync("#pay-bank-transfer");
        await Expect(page.Locator("#transfer-reference")).ToHaveTextAsync(number);
        await page.AssertAccessibleAsync("order payment by bank transfer");
        await page.ScreenshotAsync("61-bank-transfer-zh");

        var finance = Login(Roles.Finance);
        var desk = await app.NewPageAsync();
        await desk.SignInAsync(finance.Email, finance.Password);
        await desk.GotoAsync("/finance/transfers");
        await desk.WaitForBlazorAsync();
        var card = desk.Locator(".mud-paper").Filter(new LocatorFilterOptions { Has = desk.Locator(".transfer-order", new PageLocatorOptions { HasText = number }) });
        await Expect(card).ToBeVisibleAsync();
        await desk.AssertAccessibleAsync("finance bank transfers");
        await desk.ScreenshotAsync("62-finance-transfers-zh");
        // Finance types what the statement shows (never pre-filled) and confirms it in the dialog (issue #21).
        await card.Locator(".confirm-amount input").FillAsync(total.Replace("¥", "").Replace(",", "").Trim());
        await card.Locator(".confirm-transfer").ClickAsync();
        await desk.Locator(".mud-dialog button").Filter(new LocatorFilterOptions { HasText = "登记" }).ClickAsync();
        await Expect(desk.Locator(".mud-snackbar").Last).ToContainTextAsync("已付款");
        // An exact transfer raises no flag.
        await desk.GotoAsync("/finance/flagged");
        await desk.WaitForBlazorAsync();
        await Expect(desk.Locator("#flagged-empty")).ToBeVisibleAsync();

        var phone = await app.NewPageAsync(phone: true);
        await phone.SignInAsync(purchaser.Email, purchaser.Password);
        await phone.GotoAsync(orderPath);
        await phone.WaitForBlazorAsync();
        await Expect(phone.Locator(".order-status").First).ToContainTextAsync("已付款");
        await Expect(phone.Locator("#payments")).ToContainTextAsync("已到账");
        await phone.AssertAccessibleAsync("paid order at 390 px");
        await phone.ScreenshotAsync("57-order-phone-zh");
        await phone.GotoAsync("/union");
        await phone.WaitForBlazorAsync();
        await Expect(phone.Locator("#spend-by-occasion")).ToContainTextAsync("中秋");
        await phone.AssertAccessibleAsync("union dashboard at 390 px");
        await phone.ScreenshotAsync("58-union-dashboard-phone-zh");

        await page.GotoAsync("/union");
        await page.WaitForBlazorAsync();
        // This journey places the demo union's only order: what the dashboard counts as used is its total.
        await Expect(page.Locator("#dashboard-committed")).ToHaveTextAsync(total);
        await page.AssertAccessibleAsync("union dashboard");
        await page.ScreenshotAsync("59-union-dashboard-zh");
        await page.GotoAsync("/orders");
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("#orders-table")).ToContainTextAsync(number);
        await page.AssertAccessibleAsync("orders list");
        await page.ScreenshotAsync("60-orders-list-zh");

        // The supplier exports the packing list, fills in carriers and tracking numbers (most already delivered) and imports it.
        var supplier = Login(Roles.Supplier);
        var shop = await app.NewPageAsync();
        await shop.SignInAsync(supplier.Email, supplier.Password);
        await shop.GotoAsync("/supplier/shipments");
        await shop.WaitForBlazorAsync();
        // Other journeys' orders of the demo supplier wait to be sent too: the supplier looks this one up by its number.
        await shop.FillAsync("#supplier-shipment-search", number);
        await Expect(shop.Locator("#supplier-shipments")).ToContainTextAsync(number);
        await shop.AssertAccessibleAsync("supplier shipments");
        await shop.ScreenshotAsync("63-supplier-shipments-zh");
        var download = await shop.RunAndWaitForDownloadAsync(() => shop.ClickAsync("#packing-csv"));
        var packing = (await File.ReadAllTextAsync((await download.PathAsync())!)).TrimStart('\uFEFF');
        // The portal's list is read by people: Chinese headers (issue #21); the import takes them or the contract's English ones.
        Assert.StartsWith("发货单号,快递公司,运单号,签收时间", packing);
        var parcels = packing.Split("\r\n").Where(l => l.Contains(number, StringComparison.Ordinal)).Select(l => l.Split(',')[0]).ToList();
        Assert.Equal(200, parcels.Count);
        var deliveredAt = DateTimeOffset.UtcNow.AddHours(8).AddMinutes(-1).ToString("yyyy-MM-dd HH:mm");
        var tracking = new StringBuilder("shipment_id,carrier,tracking_no,delivered_at\n");
        for (var i = 0; i < parcels.Count; i++)
        {
            tracking.Append($"{parcels[i]},顺丰速运,SF{7_000_000_000L + i},{(i < 150 ? deliveredAt : "")}\n");
        }
        await shop.Locator("input[type=file]").First.SetInputFilesAsync(new FilePayload { Name = "运单.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(tracking.ToString()) });
        await Expect(shop.Locator("#tracking-done")).ToContainTextAsync("已导入 200 个包裹");
        await shop.ScreenshotAsync("64-tracking-imported-zh");

        // The purchaser follows delivery per supplier and per member, and reports one damaged package.
        await page.GotoAsync(orderPath);
        await page.WaitForBlazorAsync();
        await Expect(page.Locator(".order-status").First).ToContainTextAsync("配送中");
        await Expect(page.Locator("#fulfilment-summary")).ToContainTextAsync("已签收 150");
        await page.FillAsync("#shipment-search", "职工1");
        await Expect(page.Locator("#order-shipments")).ToContainTextAsync("职工1");
        await page.AssertAccessibleAsync("order delivery progress");
        await page.ScreenshotAsync("65-delivery-progress-zh");
        await page.Locator("#fulfilment").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(AppServer.ScreenshotDirectory, "65-delivery-progress-panel-zh.png") });
        await page.Locator("#order-shipments .report-problem").First.ClickAsync();
        await page.FillAsync("#report-description", "礼盒压坏，百合散落");
        await page.ClickAsync("#report-submit");
        await Expect(page.Locator("#after-sales")).ToContainTextAsync("待处理");
        await page.ScreenshotAsync("66-after-sales-reported-zh");

        // The supplier refunds that package's value.
        await shop.GotoAsync("/supplier/after-sales");
        await shop.WaitForBlazorAsync();
        await shop.Locator(".supplier-case .case-refund").First.ClickAsync();
        await Expect(shop.Locator(".mud-snackbar").Last).ToContainTextAsync("退款");
        var english = await app.NewPageAsync(locale: "en");
        await english.SignInAsync(supplier.Email, supplier.Password);
        await english.GotoAsync("/supplier/after-sales");
        await english.WaitForBlazorAsync();
        await Expect(english.Locator(".supplier-case").First).ToContainTextAsync("Refunded");
        await english.AssertAccessibleAsync("supplier after-sales");
        await english.ScreenshotAsync("67-supplier-after-sales-en");

        await page.GotoAsync(orderPath);
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("#after-sales")).ToContainTextAsync("已退款");
        await Expect(page.Locator("#order-refunds")).ToContainTextAsync("待退款");
        await phone.GotoAsync(orderPath);
        await phone.WaitForBlazorAsync();
        await Expect(phone.Locator("#fulfilment")).ToBeVisibleAsync();
        await phone.Locator("#fulfilment").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(AppServer.ScreenshotDirectory, "68-delivery-phone-zh.png") });
        await desk.GotoAsync("/finance/refunds");
        await desk.WaitForBlazorAsync();
        await Expect(desk.Locator(".refund").First).ToContainTextAsync(number);
        await desk.AssertAccessibleAsync("finance refunds");
        await desk.ScreenshotAsync("69-finance-refunds-zh");
    }
}
