using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Procurement.EndToEndTests;

[Collection(AppCollection.Name)]
public sealed class CatalogJourneyTests(AppServer app)
{
    [Fact]
    public async Task A_buyer_searches_with_a_synonym_narrows_by_facet_and_opens_a_product()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await page.WaitForBlazorAsync();
        await page.FillAsync("#search-box", "土豆");
        // Suggestions open while typing; Enter still searches for what was typed, not the first suggestion.
        await Expect(page.Locator(".mud-popover-open .mud-list-item").First).ToBeVisibleAsync();
        await page.Locator("#search-box").PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("/search?q=" + Uri.EscapeDataString("土豆"), StringComparison.OrdinalIgnoreCase));
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("#results em").First).ToHaveTextAsync("马铃薯");
        await page.ScreenshotAsync("11-search-synonym-zh");

        await page.Locator("[data-facet=category][data-value=grain-oil]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("category=grain-oil", StringComparison.Ordinal));
        await Expect(page.Locator("#results .product-tile").First).ToContainTextAsync("粉");
        await Expect(page.Locator("#results .product-tile")).ToHaveCountAsync(4); // 定西马铃薯宽粉 and 庄浪马铃薯粉条, two packs each

        await page.Locator("#results .product-tile a").First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/products/", StringComparison.Ordinal));
        await Expect(page.Locator("#product-name")).ToContainTextAsync("马铃薯");
        await Expect(page.Locator("#sku-table")).ToContainTextAsync("≥ 50");
        await page.ScreenshotAsync("12-product-detail-zh");
    }

    [Fact]
    public async Task Suggestions_appear_for_pinyin_initials()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/search");
        await page.WaitForBlazorAsync();
        await page.Locator("#search-box").PressSequentiallyAsync("lzbh", new LocatorPressSequentiallyOptions { Delay = 80 });
        await Expect(page.Locator(".mud-popover-open .mud-list-item").First).ToContainTextAsync("兰州百合");
        Assert.EndsWith("/search", page.Url, StringComparison.Ordinal); // typing alone does not search
        await page.ScreenshotAsync("13-suggest-pinyin-zh");
        await page.Locator(".mud-popover-open .mud-list-item").First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("q=", StringComparison.Ordinal));
        await Expect(page.Locator("#results .product-tile").First).ToContainTextAsync("兰州百合");
    }

    [Fact]
    public async Task Nothing_found_shows_the_empty_state_and_a_looser_match_says_so()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/search?q=" + Uri.EscapeDataString("火星土特产"));
        await Expect(page.Locator("#empty-state")).ToBeVisibleAsync();
        await page.ScreenshotAsync("14-search-empty-zh");

        await page.GotoAsync("/search?q=" + Uri.EscapeDataString("兰州鲜百合礼品"));
        await Expect(page.Locator("#relaxed-notice")).ToBeVisibleAsync();
        await Expect(page.Locator("#results .product-tile").First).ToContainTextAsync("百合");
    }

    [Fact]
    public async Task The_search_page_reads_in_english()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/culture/set?culture=en&redirectUri=" + Uri.EscapeDataString("/search?city=621100&sort=price_asc"));
        await Expect(page.Locator("#result-count")).ToContainTextAsync("products");
        await Expect(page.GetByText("Price: low to high")).ToBeVisibleAsync();
        await page.ScreenshotAsync("15-search-city-en");
    }
}
