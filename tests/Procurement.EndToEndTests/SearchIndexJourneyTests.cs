using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Infrastructure.Persistence;
using Procurement.Infrastructure.Persistence.Catalog;
using Procurement.Infrastructure.Seeding;
using Procurement.Infrastructure.Users;
using static Microsoft.Playwright.Assertions;

namespace Procurement.EndToEndTests;

/// <summary>An admin finds a product the index kept refusing, and queues it again.</summary>
[Collection(AppCollection.Name)]
public sealed class SearchIndexJourneyTests(AppServer app)
{
    private static readonly DemoLogin Admin = DemoSeeder.Logins[0];

    [Fact]
    public async Task An_admin_sees_a_set_aside_product_and_retries_it()
    {
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProcurementDbContext>();
            var product = await db.Products.OrderBy(p => p.Name).Select(p => p.Id).FirstAsync();
            db.CatalogDeadLetters.Add(new CatalogDeadLetterEntry
            {
                ProductId = product,
                Error = "mapper_parsing_exception: failed to parse field [specs] of type [keyword]",
                Attempts = 5,
                FailedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var page = await app.NewPageAsync();
        await page.SignInAsync(Admin.Email, Admin.Password);
        await page.GotoAsync("/admin/search");
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("#search-dead-letter-table")).ToContainTextAsync("mapper_parsing_exception");
        await page.ScreenshotAsync("30-search-index-zh");

        var english = await app.NewPageAsync("en");
        await english.SignInAsync(Admin.Email, Admin.Password);
        await english.GotoAsync("/culture/set?culture=en&redirectUri=/admin/search");
        await english.WaitForBlazorAsync();
        await Expect(english.GetByText("Products set aside")).ToBeVisibleAsync();
        await english.ScreenshotAsync("31-search-index-en");

        var phone = await app.NewPageAsync(phone: true);
        await phone.SignInAsync(Admin.Email, Admin.Password);
        await phone.GotoAsync("/admin/search");
        await phone.WaitForBlazorAsync();
        await phone.ScreenshotAsync("32-search-index-phone-zh");

        await page.ClickAsync("#search-retry");
        await Expect(page.Locator("#search-healthy")).ToBeVisibleAsync();
    }
}
