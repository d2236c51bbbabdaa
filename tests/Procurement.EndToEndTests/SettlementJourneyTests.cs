using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Common;
using Procurement.Core.Ledger;
using Procurement.Core.Settlement;
using Procurement.Core.Users;
using Procurement.Infrastructure.Persistence;
using Procurement.Infrastructure.Seeding;
using Procurement.Infrastructure.Users;
using static Microsoft.Playwright.Assertions;

namespace Procurement.EndToEndTests;

/// <summary>Finance pays a supplier's settled month; the supplier sees on its portal that it was paid and what is outstanding.</summary>
[Collection(AppCollection.Name)]
public sealed class SettlementJourneyTests(AppServer app)
{
    [Fact]
    public async Task Finance_records_a_payout_of_a_settled_month_and_the_supplier_sees_it_paid()
    {
        // Last month, settled for the demo supplier (arranged in the database: a month's deliveries take a month to make).
        var now = SettlementMonth.Of(DateTimeOffset.UtcNow);
        var last = now.Month == 1 ? new SettlementMonth(now.Year - 1, 12) : new SettlementMonth(now.Year, now.Month - 1);
        var supplierLogin = DemoSeeder.Logins.Single(l => l.Role == Roles.Supplier);
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProcurementDbContext>();
            var supplierId = await db.Users.Where(u => u.Email == supplierLogin.Email).Select(u => u.SupplierId!.Value).SingleAsync();
            var settledAt = last.End.AddHours(2);
            db.SupplierSettlements.Add(new SupplierSettlement(supplierId, last.Key, 12, 1_200m, 0m, 0.03m, 36m, 1_164m, Guid.NewGuid(), settledAt));
            // Its delivered value and fee on the books, so the payable the payout comes from is there.
            db.JournalEntries.Add(JournalEntry.Of($"e2e-delivered:{last.Key}", EntryKind.Opening, settledAt, null, supplierId, "E2E", null,
                Posting.Dr(LedgerAccount.Held, 1_200m), Posting.Cr(LedgerAccount.Payable(supplierId), 1_200m)));
            db.JournalEntries.Add(Postings.ServiceFee(supplierId, last.Key, 36m, settledAt, Guid.NewGuid()));
            await db.SaveChangesAsync();
        }

        var finance = DemoSeeder.Logins.Single(l => l.Role == Roles.Finance);
        var page = await app.NewPageAsync();
        await page.SignInAsync(finance.Email, finance.Password);
        await page.GotoAsync($"/finance/settlements?month={last}");
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("#settlement-month")).ToHaveTextAsync(last.ToString());
        var row = page.Locator("#statements tbody tr").Filter(new() { HasText = "百合" });
        await Expect(row.Locator(".outstanding")).ToContainTextAsync("1,164.00");
        await row.Locator(".record-payout").ClickAsync();
        await Expect(page.Locator("#payout-form")).ToBeVisibleAsync();
        await page.Locator(".payout-amount input").FillAsync("1000");
        await page.Locator(".payout-reference input").FillAsync("");
        await page.ClickAsync("#payout-save");
        // Without the bank's reference nothing is recorded, and the page says why.
        await Expect(page.Locator("#settlement-error")).ToContainTextAsync("银行流水号");
        await page.Locator(".payout-reference input").FillAsync("ICBC-20261203-0001");
        await page.ScreenshotAsync("90-settlement-payout-form-zh");
        await page.ClickAsync("#payout-save");
        await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("1,000.00");
        await Expect(row.Locator(".statement-paid")).ToContainTextAsync("¥1,000.00");
        await Expect(row.Locator(".outstanding")).ToContainTextAsync("164.00");
        await page.ScreenshotAsync("91-settlement-paid-zh");

        var english = await app.NewPageAsync("en");
        await english.SignInAsync(finance.Email, finance.Password);
        await english.GotoAsync($"/finance/settlements?month={last}");
        await english.WaitForBlazorAsync();
        await Expect(english.Locator("#statements")).ToContainTextAsync("outstanding");
        await english.ScreenshotAsync("92-settlement-paid-en");

        // The supplier, on a phone, sees when it was paid.
        var phone = await app.NewPageAsync(phone: true);
        await phone.SignInAsync(supplierLogin.Email, supplierLogin.Password);
        // The page opens on the latest month with data (issue #21): the settled one, unless another journey delivered this month.
        await phone.GotoAsync("/supplier/settlements");
        await phone.WaitForBlazorAsync();
        if (await phone.Locator("#settlement-month").InnerTextAsync() != last.ToString())
        {
            await phone.ClickAsync("#month-previous");
        }
        await Expect(phone.Locator("#settlement-month")).ToHaveTextAsync(last.ToString());
        await Expect(phone.Locator(".last-paid")).ToContainTextAsync(BusinessDate.Today(TimeProvider.System).ToString("yyyy-MM-dd"));
        await Expect(phone.Locator(".record-payout")).ToHaveCountAsync(0);
        await phone.ScreenshotAsync("93-settlement-paid-supplier-phone-zh");
    }
}
