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

    /// <summary>
    /// axe-core's WCAG 2 A/AA rules on the storefront: home, search (with filters) and a product, at desktop width and
    /// on a 390 px phone, in Chinese and English. A critical or serious violation fails the journey.
    /// </summary>
    [Theory]
    [InlineData("zh-CN", false, "140", "zh")]
    [InlineData("en", false, "143", "en")]
    [InlineData("zh-CN", true, "146", "phone")]
    public async Task The_storefront_passes_axe_at_desktop_and_phone_width(string locale, bool phone, string number, string suffix)
    {
        var page = await app.NewPageAsync(locale, phone);
        if (locale == "en")
        {
            await page.GotoAsync("/culture/set?culture=en&redirectUri=%2F");
        }
        else
        {
            await page.GotoAsync("/");
        }
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("#occasions a").First).ToBeVisibleAsync();
        await Expect(page.Locator("h1")).ToHaveCountAsync(1);
        await Expect(page.Locator("main")).ToHaveCountAsync(1);
        await page.AssertAccessibleAsync("home");
        await page.ScreenshotAsync($"{number}-home-a11y-{suffix}");

        // An occasion tile is a link to a search for it.
        await page.Locator("#occasions a[data-occasion=NationalDay]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("category=nuts-dried", StringComparison.Ordinal));
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("#results .product-tile").First).ToBeVisibleAsync();
        await Expect(page.Locator("#results .tile-available").First).ToBeVisibleAsync();
        if (phone)
        {
            // Filters wait behind one button; the first result is on the first screen.
            await Expect(page.Locator("#facets")).ToBeHiddenAsync();
            var first = await page.Locator("#results .product-tile").First.BoundingBoxAsync();
            Assert.True(first!.Y < 844, $"The first result starts at {first.Y} px, below the fold.");
            await page.Locator("#filters-button").ClickAsync();
            await Expect(page.Locator("#facets")).ToBeVisibleAsync();
        }
        await page.AssertAccessibleAsync("search");
        await page.ScreenshotAsync($"{int.Parse(number) + 1}-search-a11y-{suffix}");

        await page.Locator("#results .product-tile a").First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/products/", StringComparison.Ordinal));
        await page.WaitForBlazorAsync();
        await Expect(page.Locator("#sku-table")).ToBeVisibleAsync();
        await Expect(page.Locator("h1")).ToHaveCountAsync(1);
        if (phone)
        {
            // The SKU table stacks as cards and every cell keeps its column's label.
            await Expect(page.Locator("#sku-table td[data-label]").First).ToBeVisibleAsync();
            Assert.Equal(0, await page.Locator("#sku-table tbody td:not([data-label])").CountAsync());
        }
        await page.AssertAccessibleAsync("product");
        await page.ScreenshotAsync($"{int.Parse(number) + 2}-product-a11y-{suffix}");
    }

    [Fact]
    public async Task A_buyer_of_3000_packages_filters_by_available_stock_and_english_words_find_chinese_names()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/search?category=fresh-produce");
        await page.WaitForBlazorAsync();
        var all = await ResultCountAsync(page);
        await page.FillAsync("#min-available", "3000");
        await page.ClickAsync("#apply-min-available");
        await page.WaitForURLAsync(url => url.Contains("minAvailable=3000", StringComparison.Ordinal));
        await page.WaitForBlazorAsync();
        // Every tile left can supply 3,000 packages from one SKU, and says how many.
        foreach (var text in await page.Locator("#results .tile-available").AllInnerTextsAsync())
        {
            var count = int.Parse(System.Text.RegularExpressions.Regex.Match(text.Replace(",", ""), "[0-9]+").Value);
            Assert.True(count >= 3000, text);
        }
        var left = await ResultCountAsync(page);
        Assert.True(left > 0 && left < all, $"The stock filter left {left} of {all} products.");
        await page.ScreenshotAsync("149-search-min-available-zh");

        await page.GotoAsync("/culture/set?culture=en&redirectUri=" + Uri.EscapeDataString("/search?q=lily"));
        await Expect(page.Locator("#results .product-tile").First).ToContainTextAsync("百合");
        await Expect(page.Locator("#relaxed-notice")).ToHaveCountAsync(0);
        await page.GotoAsync("/search?q=apple");
        await Expect(page.Locator("#results .product-tile").First).ToContainTextAsync("苹果");
        await page.GotoAsync("/search?q=" + Uri.EscapeDataString("干货"));
        await Expect(page.Locator("#results .product-tile").First).ToBeVisibleAsync();
        // City facets read in English.
        await Expect(page.Locator("[data-facet=city]").First).Not.ToContainTextAsync("市");
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

    private static async Task<int> ResultCountAsync(IPage page) =>
        int.Parse(System.Text.RegularExpressions.Regex.Match((await page.Locator("#result-count").InnerTextAsync()).Replace(",", ""), "[0-9]+").Value);
}
