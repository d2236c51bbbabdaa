using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Procurement.Core.Catalog;
using Procurement.Core.Common;
using Procurement.Core.Ledger;
using Procurement.Core.Users;
using Procurement.Infrastructure.Persistence;
using Procurement.Infrastructure.Seeding;
using Procurement.Infrastructure.Users;
using static Microsoft.Playwright.Assertions;

namespace Procurement.EndToEndTests;

/// <summary>Finance opens the books: reads the trial balance, runs the proof, drills into an account and follows an order's money trail.</summary>
[Collection(AppCollection.Name)]
public sealed class LedgerJourneyTests(AppServer app)
{
    [Fact]
    public async Task Finance_reads_the_trial_balance_runs_the_check_and_follows_an_orders_money_trail()
    {
        // A draft order of the demo purchaser's (the demo has none), and the books' entries for it as the flows post them.
        Guid sku, supplier;
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProcurementDbContext>();
            (sku, supplier) = await db.Skus.Where(s => db.Products.Any(p => p.Id == s.ProductId && p.Status == ProductStatus.Published))
                .OrderBy(s => s.Code).Select(s => ValueTuple.Create(s.Id, s.SupplierId)).FirstAsync();
        }
        var purchaser = DemoSeeder.Logins.Single(l => l.Role == Roles.Purchaser);
        using var api = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var token = await (await api.PostAsJsonAsync("/api/v1/auth/login", new { email = purchaser.Email, password = purchaser.Password })).Content.ReadFromJsonAsync<JsonElement>();
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders")
        {
            Content = JsonContent.Create(new { occasion = "NewYear", note = "元旦慰问", lines = new[] { new { skuId = sku, quantity = 10 } } }),
        };
        create.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var created = await api.SendAsync(create);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var draft = await created.Content.ReadFromJsonAsync<JsonElement>();
        var (orderId, number) = (draft.GetProperty("id").GetGuid(), draft.GetProperty("number").GetString()!);
        await using (var scope = app.Services.CreateSystemScope())
        {
            var ledger = scope.ServiceProvider.GetRequiredService<ILedger>();
            var at = DateTimeOffset.UtcNow.AddHours(-2);
            ledger.Post(Postings.Received(Guid.NewGuid(), orderId, number, 1_288.00m, at));
            ledger.Post(Postings.Delivered(Random.Shared.NextInt64(10_000_000, 20_000_000), orderId, supplier, number, 688.00m, at.AddHours(1), null));
            Assert.Null(await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().CommitAsync(CancellationToken.None));
        }

        var finance = DemoSeeder.Logins.Single(l => l.Role == Roles.Finance);
        var page = await app.NewPageAsync();
        await page.SignInAsync(finance.Email, finance.Password);
        await page.GotoAsync("/finance/ledger");
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("#trial-balance")).ToContainTextAsync("代收货款（未交付）");
        await Expect(page.Locator("#balanced")).ToContainTextAsync("借贷平衡");
        await page.AssertAccessibleAsync("ledger trial balance");
        await page.ScreenshotAsync("80-ledger-trial-balance-zh");

        // The proof: money in the books for an order whose payments record none is a break, named by the order.
        await page.ClickAsync("#ledger-check");
        await Expect(page.Locator("#ledger-check-result")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 });
        await Expect(page.Locator("#ledger-breaks-banner")).ToContainTextAsync(number);
        await Expect(page.Locator("#breaks-table")).ToContainTextAsync("订单收款不符");
        await page.ScreenshotAsync("81-ledger-check-breaks-zh");

        await page.Locator("#trial-balance a.account-link").Filter(new LocatorFilterOptions { HasText = "held:orders" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/finance/ledger/entries", StringComparison.Ordinal));
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("#entries-table")).ToContainTextAsync(number);
        await page.ScreenshotAsync("82-ledger-entries-zh");

        await page.Locator("#entries-table a.trail-link").Filter(new LocatorFilterOptions { HasText = number }).First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains($"/finance/ledger/orders/{orderId}", StringComparison.Ordinal));
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("#trail-title")).ToContainTextAsync(number);
        await Expect(page.Locator("#trail-received")).ToContainTextAsync("1,288.00");
        await Expect(page.Locator("#trail-owed")).ToContainTextAsync("688.00");
        await page.AssertAccessibleAsync("order trail");
        await page.ScreenshotAsync("83-ledger-order-trail-zh");

        var english = await app.NewPageAsync("en");
        await english.SignInAsync(finance.Email, finance.Password);
        await english.GotoAsync("/finance/ledger");
        await english.WaitForBlazorAsync();
        await Expect(english.Locator("#trial-balance")).ToContainTextAsync("Held for undelivered orders");
        await Expect(english.Locator("#ledger-breaks-banner")).ToContainTextAsync("open breaks");
        await english.ScreenshotAsync("84-ledger-trial-balance-en");
        await english.GotoAsync($"/finance/ledger/orders/{orderId}");
        await english.WaitForBlazorAsync();
        await Expect(english.Locator("#trail-title")).ToContainTextAsync("Money trail of order");
        await english.ScreenshotAsync("85-ledger-order-trail-en");

        var phone = await app.NewPageAsync(phone: true);
        await phone.SignInAsync(finance.Email, finance.Password);
        await phone.GotoAsync("/finance/ledger");
        await phone.WaitForBlazorAsync();
        await Expect(phone.Locator("#trial-balance")).ToContainTextAsync("cash:stripe");
        await phone.AssertAccessibleAsync("ledger at 390 px");
        await phone.ScreenshotAsync("86-ledger-trial-balance-phone-zh");
        await phone.GotoAsync($"/finance/ledger/orders/{orderId}");
        await phone.WaitForBlazorAsync();
        await Expect(phone.Locator("#trail-received")).ToBeVisibleAsync();
        await phone.ScreenshotAsync("87-ledger-order-trail-phone-zh");
    }
}
